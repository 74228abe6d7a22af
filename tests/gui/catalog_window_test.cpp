#include <catch2/catch.hpp>

#include <fstream>

#include <QFile>
#include <QFontInfo>
#include <QFontMetrics>
#include <QIcon>
#include <QPixmap>
#include <QSettings>
#include <QSplitter>

#include "confidence_style.h"
#include "gui_test_support.h"
#include "number_format.h"
#include "store/catalog_store.h"

using namespace rackplan;
using namespace rackplan::gui;
using namespace rackplan::gui::test;

namespace {

QString cell(MainWindow& w, EntryKind kind, int row, int column, int role = Qt::DisplayRole) {
    return w.table_proxy(kind).index(row, column).data(role).toString();
}

}  // namespace

TEST_CASE("the window opens a new database and lists the seeded catalog", "[gui][window]") {
    TempDb tmp;
    MainWindow w;
    REQUIRE(w.open_database(tmp.path()).isEmpty());
    const hw::Catalog& seed = seed_catalog();
    REQUIRE(seed.chips.size() >= 18);

    CHECK(w.table_model(EntryKind::chips).rowCount() == static_cast<int>(seed.chips.size()));
    CHECK(w.table_model(EntryKind::systems).rowCount() == static_cast<int>(seed.systems.size()));
    CHECK(w.table_model(EntryKind::models).rowCount() == static_cast<int>(seed.models.size()));
    CHECK(w.table_model(EntryKind::fabrics).rowCount() == static_cast<int>(seed.fabrics.size()));
    for (const hw::Chip& c : seed.chips) CHECK(row_of(w, EntryKind::chips, qstr(c.id)) >= 0);

    const QString status = w.status_text();
    CHECK(status.contains(QString::fromStdString(tmp.path().string())));
    CHECK(status.contains(QStringLiteral("%1 chips").arg(seed.chips.size())));
    CHECK(status.contains(QStringLiteral("%1 systems").arg(seed.systems.size())));
}

TEST_CASE("the chip list shows core's typed values", "[gui][window]") {
    TempDb tmp;
    MainWindow w;
    REQUIRE(w.open_database(tmp.path()).isEmpty());
    const hw::Chip* h100 = seed_catalog().find_chip("h100-sxm");
    REQUIRE(h100);
    const int row = row_of(w, EntryKind::chips, QStringLiteral("h100-sxm"));
    REQUIRE(row >= 0);
    const hw::ChipSpec spec = hw::make_spec(*h100);
    CHECK(cell(w, EntryKind::chips, row, 1) == qstr(h100->name));
    CHECK(cell(w, EntryKind::chips, row, 2) == qstr(h100->vendor));
    const auto bf16 = w.table_proxy(EntryKind::chips).index(row, 3).data(CatalogTableModel::SortRole);
    CHECK(bf16.value<double>() == Approx(units::to_tflops(spec.peak_of(hw::Engine::tensor, hw::Dtype::bf16))));
    CHECK(bf16.value<double>() > 100.0);
    CHECK(cell(w, EntryKind::chips, row, 7) == format_fixed(spec.tdp.value(), 0));

    // Estimated figures read "~N" on the estimate colour, as the CLI marks them.
    int estimates = 0;
    for (const hw::Chip& c : seed_catalog().chips) {
        const hw::Figure* tdp = hw::find_figure(c.figures, "power.tdp");
        REQUIRE(tdp);
        const bool estimate = tdp->confidence == hw::Confidence::estimate;
        estimates += estimate;
        const int r = row_of(w, EntryKind::chips, qstr(c.id));
        CHECK(cell(w, EntryKind::chips, r, 7) ==
              (estimate ? QStringLiteral("~") : QString()) + format_fixed(hw::make_spec(c).tdp.value(), 0));
        const QVariant background = w.table_proxy(EntryKind::chips).index(r, 7).data(Qt::BackgroundRole);
        CHECK(background.isValid() == estimate);
        CHECK(cell(w, EntryKind::chips, r, 7, Qt::ToolTipRole).startsWith(qstr(hw::to_string(tdp->confidence))));
    }
    CHECK(estimates > 0);

    // A chip without FP8 shows a dash, not zero.
    const hw::Chip* a100 = seed_catalog().find_chip("a100-sxm-80g");
    REQUIRE(a100);
    REQUIRE_FALSE(hw::make_spec(*a100).supports(hw::Dtype::fp8));
    const int a = row_of(w, EntryKind::chips, QStringLiteral("a100-sxm-80g"));
    CHECK(cell(w, EntryKind::chips, a, 4) == QStringLiteral("—"));
}

TEST_CASE("selecting an entry fills the detail with every figure", "[gui][window]") {
    TempDb tmp;
    MainWindow w;
    REQUIRE(w.open_database(tmp.path()).isEmpty());
    const hw::Catalog& seed = seed_catalog();

    SECTION("a chip") {
        const hw::Chip& chip = *seed.find_chip("trn2");
        REQUIRE(w.select_entry(EntryKind::chips, row_of(w, EntryKind::chips, QStringLiteral("trn2"))));
        CHECK(w.detail_title() == qstr(chip.name) + QStringLiteral(" (trn2)"));
        const auto& rows = w.detail_model().rows();
        REQUIRE(rows.size() == chip.figures.size());
        size_t i = 0;
        for (const auto& [path, f] : chip.figures) {
            const DetailRow& r = rows[i++];
            CHECK(r.path == qstr(path));
            CHECK(r.value == format_written(f.value));
            CHECK(r.unit == qstr(f.unit));
            CHECK(r.source == qstr(f.source));
            CHECK(r.confidence == f.confidence);
            CHECK(r.note == qstr(f.note));
            CHECK(r.low.isEmpty() == !f.low.has_value());
            CHECK(r.high.isEmpty() == !f.high.has_value());
            // The citation behind every tag, never the "unknown tag" text: the seed is valid.
            CHECK_FALSE(r.citation.contains(QStringLiteral("not in the catalog")));
            CHECK(r.citation.startsWith(qstr(f.source).section(QLatin1Char(','), 0, 0).trimmed() + QStringLiteral(": ")));
        }
    }
    SECTION("a system, a model and a fabric") {
        w.show_kind(EntryKind::systems);
        const hw::System& sys = seed.systems.front();
        REQUIRE(w.select_entry(EntryKind::systems, row_of(w, EntryKind::systems, qstr(sys.id))));
        CHECK(w.detail_title().endsWith(QStringLiteral(" (") + qstr(sys.id) + QLatin1Char(')')));
        CHECK(w.detail_model().rows().size() == sys.figures.size());

        w.show_kind(EntryKind::models);
        const workload::Model& m = seed.models.front();
        REQUIRE(w.select_entry(EntryKind::models, row_of(w, EntryKind::models, qstr(m.id))));
        CHECK(w.detail_title().endsWith(QStringLiteral(" (") + qstr(m.id) + QLatin1Char(')')));
        const auto& rows = w.detail_model().rows();
        REQUIRE_FALSE(rows.empty());
        CHECK(rows.front().path == QStringLiteral("layers"));
        CHECK(rows.front().value == QString::number(m.layers));
        CHECK(rows.front().source == qstr(m.source));

        w.show_kind(EntryKind::fabrics);
        const hw::Fabric& f = seed.fabrics.front();
        REQUIRE(w.select_entry(EntryKind::fabrics, row_of(w, EntryKind::fabrics, qstr(f.id))));
        size_t figures = 0;
        for (const auto& t : f.tiers) figures += t.size();
        CHECK(w.detail_model().rows().size() == figures);
        CHECK(w.detail_model().rows().front().path.startsWith(QStringLiteral("tiers[0].")));
    }
}

TEST_CASE("confidence is colour-coded in the detail", "[gui][window]") {
    TempDb tmp;
    MainWindow w;
    REQUIRE(w.open_database(tmp.path()).isEmpty());
    // The first chip with both a documented and an estimated figure.
    const hw::Catalog& seed = seed_catalog();
    const hw::Chip* chip = nullptr;
    for (const auto& c : seed.chips) {
        bool doc = false, est = false;
        for (const auto& [p, f] : c.figures) {
            doc |= f.confidence == hw::Confidence::documented;
            est |= f.confidence == hw::Confidence::estimate;
        }
        if (doc && est) {
            chip = &c;
            break;
        }
    }
    REQUIRE(chip);
    REQUIRE(w.select_entry(EntryKind::chips, row_of(w, EntryKind::chips, qstr(chip->id))));
    const FigureTableModel& m = w.detail_model();
    for (int r = 0; r < m.rowCount(); ++r) {
        const auto conf = *m.rows()[static_cast<size_t>(r)].confidence;
        const QModelIndex i = m.index(r, FigureTableModel::Confidence);
        CHECK(i.data().toString() == qstr(hw::to_string(conf)));
        CHECK(i.data(Qt::BackgroundRole).value<QBrush>().color() == confidence_colour(conf));
    }
    CHECK(confidence_colour(hw::Confidence::documented) != confidence_colour(hw::Confidence::estimate));
    CHECK(confidence_colour(hw::Confidence::derived) != confidence_colour(hw::Confidence::estimate));
}

TEST_CASE("lists sort numbers as numbers and the filter narrows them", "[gui][window]") {
    TempDb tmp;
    MainWindow w;
    REQUIRE(w.open_database(tmp.path()).isEmpty());
    CatalogSortProxy& chips = w.table_proxy(EntryKind::chips);

    chips.sort(3, Qt::DescendingOrder);  // BF16 TFLOP/s
    for (int r = 1; r < chips.rowCount(); ++r)
        CHECK(chips.index(r - 1, 3).data(CatalogTableModel::SortRole).value<double>() >=
              chips.index(r, 3).data(CatalogTableModel::SortRole).value<double>());

    chips.sort(4, Qt::AscendingOrder);  // FP8: parts without it first
    CHECK_FALSE(chips.index(0, 4).data(CatalogTableModel::SortRole).isValid());

    int nvidia = 0;
    for (const auto& c : seed_catalog().chips)
        nvidia += qstr(c.vendor + " " + c.name + " " + c.id).contains(QStringLiteral("nvidia"), Qt::CaseInsensitive);
    REQUIRE(nvidia > 0);
    w.set_filter(QStringLiteral("nVidia"));
    CHECK(chips.rowCount() == nvidia);
    for (int r = 0; r < chips.rowCount(); ++r) CHECK(cell(w, EntryKind::chips, r, 2) == QStringLiteral("NVIDIA"));
    // The detail follows: it shows one of the remaining chips.
    CHECK(w.detail_title().contains(QStringLiteral("NVIDIA")));

    w.set_filter(QStringLiteral("no-such-entry-anywhere"));
    CHECK(chips.rowCount() == 0);
    CHECK(w.detail_model().rowCount() == 0);
    CHECK(w.detail_title().startsWith(QStringLiteral("No chips match")));

    w.set_filter({});
    CHECK(chips.rowCount() == static_cast<int>(seed_catalog().chips.size()));
}

TEST_CASE("the window's font has glyphs", "[gui][window]") {
    MainWindow w;
    const QFont font = w.font();
    CHECK(QFontMetrics(font).inFont(QLatin1Char('A')));
    CHECK(QFontMetrics(font).horizontalAdvance(QStringLiteral("rackplan")) > 0);
    CHECK_FALSE(QFontInfo(font).family().isEmpty());
}

TEST_CASE("the window remembers its tab and splitter", "[gui][window]") {
    // Tests run with QStandardPaths' test mode: their settings never touch the user's file.
    const QSettings settings(QStringLiteral("rackplan"), QStringLiteral("rackplan-gui"));
    CHECK(settings.fileName().contains(QStringLiteral("/.qttest/")));

    QByteArray splitter;
    {
        MainWindow first;
        first.show_kind(EntryKind::models);
        auto* s = first.findChild<QSplitter*>(QStringLiteral("mainSplitter"));
        REQUIRE(s);
        s->setSizes({120, 480});
        splitter = s->saveState();
        first.save_settings();
    }
    MainWindow second;
    CHECK(second.current_kind() == EntryKind::chips);
    second.restore_settings();
    CHECK(second.current_kind() == EntryKind::models);
    CHECK(second.current_page() == MainWindow::CatalogPageIndex);
    CHECK(second.findChild<QSplitter*>(QStringLiteral("mainSplitter"))->saveState() == splitter);
}

TEST_CASE("a file that is not a database is refused and the window keeps its catalog", "[gui][window]") {
    TempDb tmp;
    MainWindow w;
    REQUIRE(w.open_database(tmp.path()).isEmpty());
    const int chips = w.table_model(EntryKind::chips).rowCount();

    const auto junk = tmp.path("junk.db");
    std::ofstream(junk) << "this is not an SQLite file, just text long enough to have a header page\n";
    const QString error = w.open_database(junk);
    CHECK_FALSE(error.isEmpty());
    CHECK(error.contains(QStringLiteral("junk.db")));
    CHECK_FALSE(error.contains(QLatin1Char('\n')));
    CHECK(w.table_model(EntryKind::chips).rowCount() == chips);
    CHECK(w.database_path() == tmp.path());
}

TEST_CASE("the application icon is compiled in and renders", "[gui][resources]") {
    REQUIRE(QFile::exists(QStringLiteral(":/icons/rackplan.svg")));
    // Drawing it needs Qt's SVG plugin (libqt6svg6), which the package depends on.
    const QPixmap pixmap = QIcon(QStringLiteral(":/icons/rackplan.svg")).pixmap(64, 64);
    REQUIRE_FALSE(pixmap.isNull());
    const QImage image = pixmap.toImage();
    CHECK(image.pixelColor(32, 2).alpha() > 0);  // inside the rounded square
    CHECK(image.pixelColor(0, 0).alpha() == 0);   // outside its rounded corner
}
