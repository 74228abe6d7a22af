#pragma once
// Asks for the id of a new catalog entry (or price), judged by core as it is typed: the
// problem shows under the field and OK stays off until there is none, so what the dialog
// accepts is what the editor takes.
#include <functional>

#include <QDialog>

class QLabel;
class QLineEdit;
class QPushButton;

namespace rackplan::gui {

class NewIdDialog : public QDialog {
    Q_OBJECT
public:
    // `problem_of`: what is wrong with a typed id, empty when none.
    NewIdDialog(const QString& title, const QString& prompt, const QString& initial,
                std::function<QString(const QString&)> problem_of, QWidget* parent = nullptr);
    [[nodiscard]] QString id() const;

private:
    void judge();

    std::function<QString(const QString&)> problem_of_;
    QLineEdit* edit_;
    QLabel* problem_;
    QPushButton* ok_;
};

}  // namespace rackplan::gui
