#pragma once
// One entry list (chips, systems, models or fabrics) of a catalog as a Qt table. The cells
// are taken once when the catalog is set, so the model holds no reference into it.
// Numbers from estimated figures read "~123" (as in the CLI) on an estimate-coloured cell.
// With an edit handler set, the columns that are entry fields (name, vendor) are editable.
#include <functional>
#include <optional>
#include <vector>

#include <QAbstractTableModel>

#include "catalog_columns.h"

namespace rackplan::gui {

class CatalogTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    static constexpr int SortRole = Qt::UserRole;     // raw value: double, QString or invalid
    static constexpr int IdRole = Qt::UserRole + 1;   // the entry's catalog id

    // Applies `text` to `field` of entry `id`; returns the refusal ("path: message") or empty.
    using EditHandler = std::function<QString(const QString& id, const QString& field, const QString& text)>;

    explicit CatalogTableModel(EntryKind kind, QObject* parent = nullptr);

    // The same entries as before (an edit, an undo) update in place, keeping the selection.
    void set_catalog(const hw::Catalog& catalog);
    void set_edit_handler(EditHandler handler) { handler_ = std::move(handler); }
    [[nodiscard]] EntryKind kind() const { return kind_; }
    [[nodiscard]] QString id_at(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;

private:
    struct Cell {
        QVariant value;
        std::optional<hw::Confidence> confidence;  // of the figure behind a number
        QString provenance;                         // tooltip: confidence, range, source
    };
    EntryKind kind_;
    const std::vector<Column>& columns_;
    std::vector<std::vector<Cell>> cells_;  // [row][column]
    std::vector<QString> ids_;
    EditHandler handler_;
};

}  // namespace rackplan::gui
