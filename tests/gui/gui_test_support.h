#pragma once
// Helpers shared by the GUI tests: a database in a temporary folder, the seed catalog, and
// finding an entry's row in a window's sorted, filtered list.
#include <filesystem>

#include <QTemporaryDir>

#include "io/seed.h"
#include "main_window.h"

namespace rackplan::gui::test {

struct TempDb {
    QTemporaryDir dir;
    [[nodiscard]] std::filesystem::path path(const char* name = "catalog.db") const {
        return std::filesystem::path(dir.path().toStdString()) / name;
    }
};

inline const hw::Catalog& seed_catalog() {
    static const io::SeedLoad seed = io::load_seed_catalog();
    return seed.parse.catalog;
}

// Row of entry `id` in the window's view of `kind`, or -1.
inline int row_of(MainWindow& w, EntryKind kind, const QString& id) {
    const auto& proxy = w.table_proxy(kind);
    for (int r = 0; r < proxy.rowCount(); ++r)
        if (proxy.index(r, 0).data(CatalogTableModel::IdRole).toString() == id) return r;
    return -1;
}

}  // namespace rackplan::gui::test
