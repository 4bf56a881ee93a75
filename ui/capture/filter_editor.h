// FilterEditor: a one-line editor for BPF capture filters that validates as you type (compiled by
// libpcap for the chosen interface's link type) and highlights with the BPF syntax definition
// shipped as a resource. Valid filters get a green background; invalid ones libpcap's message.
#pragma once

#include <QPlainTextEdit>

namespace KSyntaxHighlighting {
class Repository;
class SyntaxHighlighter;
}

namespace portlens::ui {

class FilterEditor : public QPlainTextEdit {
    Q_OBJECT

public:
    explicit FilterEditor(QWidget *parent = nullptr);
    ~FilterEditor() override;

    [[nodiscard]] QString filter() const { return toPlainText(); }
    void setFilter(const QString &filter) { setPlainText(filter); }
    void setLinkType(int linkType);

    [[nodiscard]] bool isValid() const { return m_valid; }
    // libpcap's message when invalid; "" when valid.
    [[nodiscard]] QString validationMessage() const { return m_message; }
    // Whether the BPF highlighting definition was found (it ships inside this library).
    [[nodiscard]] bool hasHighlighting() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    void validityChanged(bool valid, const QString &message);
    void submitted(); // Enter

protected:
    void keyPressEvent(QKeyEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void validate();
    void applyColours();

    int m_linkType = 1;
    bool m_valid = true;
    QString m_message;
    KSyntaxHighlighting::Repository *m_repository;
    KSyntaxHighlighting::SyntaxHighlighter *m_highlighter;
};

} // namespace portlens::ui
