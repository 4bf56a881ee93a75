// portlens: the desktop application. Parses the command line (captures to open), installs the
// translations, and shows the main window; everything else lives in ui/.
#include "ui/main/main_window.h"

#include "ui/main/connection_model.h"
#include "ui/main/connection_filter_proxy.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QLibraryInfo>
#include <QLocale>
#include <QTableView>
#include <QTimer>
#include <QTranslator>

#include <algorithm>

namespace {

void installTranslators(QApplication &app)
{
    // Qt's own strings (dialog buttons), then PortLens's, from the embedded :/i18n resource.
    auto *qt = new QTranslator(&app);
    if (qt->load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(qt);
    // English is a translation too: it carries the plural forms ("1 packet", "2 packets") and is
    // the fallback for languages PortLens does not speak yet.
    auto *own = new QTranslator(&app);
    if (own->load(QLocale(), QStringLiteral("portlens"), QStringLiteral("_"), QStringLiteral(":/i18n")) ||
        own->load(QStringLiteral("portlens_en"), QStringLiteral(":/i18n")))
        QApplication::installTranslator(own);
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("PortLens"));
    QApplication::setOrganizationName(QStringLiteral("PortLens"));
    QApplication::setApplicationVersion(QStringLiteral(PORTLENS_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("portlens"));
    installTranslators(app);

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "What is really talking on that port?"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("captures"), QApplication::translate("main", "Capture files to open (pcap, pcapng)."),
                                 QStringLiteral("[captures...]"));
    // For tools/gui-screenshot.sh: once loaded, select the first flagged connection, save a
    // picture of the window and quit.
    const QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                        QApplication::translate("main", "Save a screenshot to <file> once loaded, then quit."),
                                        QStringLiteral("file"));
    parser.addOption(screenshot);
    const QCommandLineOption nthFlagged(QStringLiteral("select-flagged"),
                                        QApplication::translate("main", "With --screenshot: select the <n>th flagged connection."),
                                        QStringLiteral("n"), QStringLiteral("1"));
    parser.addOption(nthFlagged);
    parser.process(app);

    portlens::ui::MainWindow window;
    window.show();
    window.openFiles(parser.positionalArguments());

    if (parser.isSet(screenshot)) {
        const QString path = parser.value(screenshot);
        const int nth = std::max(1, parser.value(nthFlagged).toInt());
        QObject::connect(&window, &portlens::ui::MainWindow::analysisFinished, &window, [&window, path, nth] {
            for (int i = 0; i < nth; ++i) window.selectNextFlagged();
            // Let the panes lay out and paint before grabbing.
            QTimer::singleShot(500, &window, [&window, path] {
                const bool saved = window.grab().save(path);
                QApplication::exit(saved ? 0 : 1);
            });
        });
    }
    return QApplication::exec();
}
