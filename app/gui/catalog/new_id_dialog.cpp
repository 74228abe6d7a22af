#include "new_id_dialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace rackplan::gui {

NewIdDialog::NewIdDialog(const QString& title, const QString& prompt, const QString& initial,
                         std::function<QString(const QString&)> problem_of, QWidget* parent)
    : QDialog(parent), problem_of_(std::move(problem_of)) {
    setWindowTitle(title);
    auto* layout = new QVBoxLayout(this);
    auto* label = new QLabel(prompt, this);
    label->setTextFormat(Qt::PlainText);  // names an entry: data, never markup
    label->setWordWrap(true);
    layout->addWidget(label);
    edit_ = new QLineEdit(initial, this);
    edit_->setObjectName(QStringLiteral("newIdEdit"));
    edit_->selectAll();
    layout->addWidget(edit_);
    problem_ = new QLabel(this);
    problem_->setObjectName(QStringLiteral("newIdProblem"));
    problem_->setTextFormat(Qt::PlainText);  // quotes what was typed
    problem_->setWordWrap(true);
    problem_->setStyleSheet(QStringLiteral("QLabel { color: #a12a1c; }"));
    layout->addWidget(problem_);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    ok_ = buttons->button(QDialogButtonBox::Ok);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    connect(edit_, &QLineEdit::textChanged, this, &NewIdDialog::judge);
    judge();
    resize(480, sizeHint().height());
}

QString NewIdDialog::id() const { return edit_->text(); }

void NewIdDialog::judge() {
    const QString problem = problem_of_(edit_->text());
    problem_->setText(problem);
    ok_->setEnabled(problem.isEmpty());
}

}  // namespace rackplan::gui
