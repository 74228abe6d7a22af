#pragma once
// Helpers shared by the GUI tests: a database in a temporary folder, the seed catalog,
// finding an entry's row in a window's sorted, filtered list, and a small comparison run to
// completion.
#include <filesystem>

#include <QSignalSpy>
#include <QTemporaryDir>

#include "compare/compare_page.h"
#include "compare/comparison_input.h"
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

// llama3-8b, 8192 x 256 tokens per step, bf16, on 64 chips of each system.
inline ComparisonInput small_comparison(std::vector<std::string> systems = {"dgx-h100", "trn2.48xlarge"},
                                        int chips = 64) {
    ComparisonInput in;
    in.model = "llama3-8b";
    in.seq_len = 8192;
    in.global_batch = 256;
    for (auto& s : systems) in.candidates.push_back({std::move(s), chips, std::nullopt});
    return in;
}

// Sets `input` on the page (which starts a run) and waits for its result and charts.
inline bool run_to_completion(ComparePage& page, const ComparisonInput& input, int timeout_ms = 120000) {
    QSignalSpy finished(&page, &ComparePage::comparisonFinished);
    page.set_input(input);
    if (finished.isEmpty() && !finished.wait(timeout_ms)) return false;
    return page.wait_idle(timeout_ms);
}

}  // namespace rackplan::gui::test
