#include "ui/ports/localised_ports.h"

#include <QFile>
#include <QLoggingCategory>

namespace portlens::ui {

PortKnowledge portKnowledgeFor(const QLocale &locale)
{
    PortKnowledge knowledge = PortKnowledge::builtin();
    for (QString language : locale.uiLanguages()) {
        language.replace(QLatin1Char('-'), QLatin1Char('_'));
        for (const QString &candidate : {language, language.section(QLatin1Char('_'), 0, 0)}) {
            QFile file(QStringLiteral(":/portlens/ports/notes/%1.json").arg(candidate));
            if (!file.open(QIODevice::ReadOnly)) continue;
            std::string error;
            if (!knowledge.applyTranslation(file.readAll().toStdString(), error))
                qWarning("port notes translation %s: %s", qPrintable(file.fileName()), error.c_str());
            return knowledge;
        }
    }
    return knowledge;
}

const PortKnowledge &localisedPortKnowledge()
{
    static const PortKnowledge knowledge = portKnowledgeFor(QLocale());
    return knowledge;
}

} // namespace portlens::ui
