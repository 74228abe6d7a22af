#pragma once
// The detail pane's table: one row per figure of the selected entry. With an edit handler set,
// a figure's value, range, unit, source, confidence and note (and a model's exact values) are
// editable; the handler judges each edit and a refused one marks its cell with the reason.
#include <functional>
#include <optional>
#include <vector>

#include <QAbstractTableModel>

#include "entry_detail.h"

namespace rackplan::gui {

class FigureTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum ColumnId { Path, Value, Unit, Low, High, Source, Confidence, Note, ColumnCount };
    static constexpr int RefusedRole = Qt::UserRole + 1;  // bool: the last refused edit was here
    static constexpr int EditedRole = Qt::UserRole + 2;   // bool: differs from the stored catalog

    // Applies what was typed into `column` of `row`; returns the refusal ("path: message") or
    // empty when the catalog took it.
    using EditHandler = std::function<QString(const DetailRow& row, ColumnId column, const QString& text)>;

    explicit FigureTableModel(QObject* parent = nullptr);

    // Rows of the same figures as before (an edit, an undo) update in place, so the view keeps
    // its current cell; other rows reset the table. `stored`: the same entry as the database
    // holds it; cells that differ are shown as edited (bold, the stored text in the tooltip).
    void set_rows(std::vector<DetailRow> rows, std::vector<DetailRow> stored = {});
    void clear() { set_rows({}); }
    [[nodiscard]] const std::vector<DetailRow>& rows() const { return rows_; }
    void set_edit_handler(EditHandler handler) { handler_ = std::move(handler); }
    [[nodiscard]] static bool editable(const DetailRow& row, ColumnId column);

    // The last refused edit, shown on its cell until the next edit or new rows.
    [[nodiscard]] QString refusal() const { return refusal_ ? refusal_->message : QString(); }
    void clear_refusal();

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;

private:
    struct Refusal {
        int row;
        int column;
        QString message;
    };
    [[nodiscard]] const DetailRow* stored_row(int row) const;

    std::vector<DetailRow> rows_;
    std::vector<DetailRow> stored_;
    EditHandler handler_;
    std::optional<Refusal> refusal_;
};

}  // namespace rackplan::gui
