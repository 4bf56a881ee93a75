// PayloadView: the kept beginning of a connection as a client/server conversation (each
// direction on its own tint, like Wireshark's "Follow stream"), highlighted with
// KSyntaxHighlighting when the detected protocol is a text dialogue, or as a hex + ASCII dump
// for binary protocols. The bytes that proved the detection are marked in both views.
#pragma once

#include "core/flow/connection.h"

#include <QWidget>

#include <memory>

class QComboBox;
class QLabel;
class QPlainTextEdit;

namespace KSyntaxHighlighting {
class Repository;
class SyntaxHighlighter;
} // namespace KSyntaxHighlighting

namespace portlens::ui {

class PayloadView : public QWidget {
    Q_OBJECT
public:
    enum class Mode { Automatic, Text, Hex };

    explicit PayloadView(QWidget *parent = nullptr);
    ~PayloadView() override;

    void setConnection(const Connection &connection);
    void clear();

    // The syntax definition name used for a detected protocol ("" = none); shared with tests.
    static QString definitionNameFor(const QString &protocol);
    // The one repository of the application (definitions + PortLens's own, from resources).
    static KSyntaxHighlighting::Repository &repository();

    [[nodiscard]] QString text() const;
    [[nodiscard]] QString definitionName() const; // the definition in use ("" in hex mode)
    [[nodiscard]] bool showsHex() const { return m_showingHex; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void render();
    void renderText();
    void renderHex();
    void applyTheme();

    QLabel *m_summary;
    QComboBox *m_mode;
    QPlainTextEdit *m_edit;
    std::unique_ptr<KSyntaxHighlighting::SyntaxHighlighter> m_highlighter;
    std::unique_ptr<Connection> m_connection; // a copy: the model may drop the row meanwhile
    bool m_showingHex = false;
};

} // namespace portlens::ui
