// Marks user-facing sentences written in the Qt-free core for Qt Linguist. The core stores the
// English template; the UI translates it with QCoreApplication::translate(context, text) and
// fills %1, %2... itself. Outside Qt the macro is a no-op (lupdate only reads the tokens).
#pragma once

#ifndef QT_TRANSLATE_NOOP
#define QT_TRANSLATE_NOOP(context, text) text
#endif
