#pragma once
// Lists the problems of a refused catalog import or save, one per line ("path: message"), as
// plain text that can be selected and copied: a file's text is data, never markup.
#include <QDialog>
#include <QStringList>

class QPlainTextEdit;

namespace rackplan::gui {

class IssueListDialog : public QDialog {
    Q_OBJECT
public:
    IssueListDialog(const QString& title, const QString& headline, const QStringList& issues, QWidget* parent = nullptr);
    [[nodiscard]] QString text() const;

private:
    QPlainTextEdit* list_;
};

}  // namespace rackplan::gui
