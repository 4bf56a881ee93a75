#include "ui/main/about_dialog.h"

#include <ksyntaxhighlighting_version.h>

#include <QDialogButtonBox>
#include <QLabel>
#include <QVBoxLayout>

#include <pcap/pcap.h>

namespace portlens::ui {

QString AboutDialog::versionsText()
{
    return tr("Qt %1 (built with %2)\nKF6 SyntaxHighlighting %3\n%4")
        .arg(QString::fromLatin1(qVersion()), QStringLiteral(QT_VERSION_STR),
             QStringLiteral(KSYNTAXHIGHLIGHTING_VERSION_STRING), QString::fromLatin1(pcap_lib_version()));
}

AboutDialog::AboutDialog(QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("About PortLens"));
    auto *text = new QLabel(this);
    text->setTextFormat(Qt::RichText);
    text->setTextInteractionFlags(Qt::TextBrowserInteraction);
    text->setOpenExternalLinks(true);
    text->setWordWrap(true);
    text->setText(tr("<h2>PortLens %1</h2>"
                     "<p><b>What is really talking on that port?</b></p>"
                     "<p>For every connection in a capture, PortLens shows what the payload actually is, what the port "
                     "normally carries, and whether the difference matters, with the bytes that prove it.</p>"
                     "<p>License: MIT</p>")
                      .arg(QStringLiteral(PORTLENS_VERSION)));
    auto *versions = new QLabel(versionsText(), this);
    versions->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(text);
    layout->addWidget(versions);
    layout->addWidget(buttons);
}

} // namespace portlens::ui
