#include "what_if_panel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

#include "number_format.h"

namespace rackplan::gui {
namespace {

// A field at its minimum stands for the catalog default (an unset batch cell).
std::optional<double> value_of(const QDoubleSpinBox& box) {
    return box.value() > box.minimum() ? std::optional<double>(box.value()) : std::nullopt;
}

void show_value(QDoubleSpinBox& box, std::optional<double> v) { box.setValue(v.value_or(box.minimum())); }

QString catalog_default(const hw::Catalog& catalog, const char* path, const QString& unit) {
    const hw::Figure* f = hw::find_figure(catalog.cost_defaults, path);
    return f ? QStringLiteral("catalog: ") + format_written(f->value) + unit : QStringLiteral("catalog default");
}

}  // namespace

WhatIfPanel::WhatIfPanel(QWidget* parent) : QGroupBox(QStringLiteral("What if"), parent) {
    setObjectName(QStringLiteral("whatIfPanel"));
    auto* form = new QFormLayout(this);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);

    auto* pricing_row = new QHBoxLayout;
    pricing_ = new QComboBox(this);
    pricing_->setObjectName(QStringLiteral("pricingForAll"));
    for (engine::Pricing p : {engine::Pricing::own, engine::Pricing::on_demand, engine::Pricing::reserved_1y,
                              engine::Pricing::reserved_3y, engine::Pricing::capacity_block})
        pricing_->addItem(qstr(engine::to_string(p)), static_cast<int>(p));
    pricing_->setToolTip(QStringLiteral("A pricing for every candidate at once (each can differ in the list above)"));
    apply_pricing_ = new QPushButton(QStringLiteral("For &all"), this);
    apply_pricing_->setToolTip(QStringLiteral("Pays for every candidate this way and re-prices without a new search"));
    pricing_row->addWidget(pricing_, 1);
    pricing_row->addWidget(apply_pricing_);
    form->addRow(QStringLiteral("Pricing"), pricing_row);
    connect(apply_pricing_, &QPushButton::clicked, this,
            [this] { emit pricingForAll(static_cast<engine::Pricing>(pricing_->currentData().toInt())); });

    usd_per_kwh_ = add_field(2.0, 0.01, 3, QStringLiteral("Electricity price; re-prices"));
    pue_ = add_field(3.0, 0.05, 2, QStringLiteral("Facility power usage effectiveness; re-prices"));
    pue_->setMinimum(0.99);  // 0.99 = catalog default; a PUE is at least 1
    years_ = add_field(15.0, 0.5, 1, QStringLiteral("Amortization of owned hardware; re-prices"));
    utilization_ = add_field(1.0, 0.05, 2,
                             QStringLiteral("Share of wall time doing useful work: sets the time to train (re-runs)"));
    utilization_->setObjectName(QStringLiteral("utilization"));
    usd_per_kwh_->setObjectName(QStringLiteral("usdPerKwh"));
    pue_->setObjectName(QStringLiteral("pue"));
    years_->setObjectName(QStringLiteral("years"));
    // An efficiency derate of the engine, not a cost: in (0, 1], so 0 is free for the default.
    sustained_clock_ = add_field(
        1.0, 0.01, 3,
        QStringLiteral("Tensor clock in long dense phases as a fraction of the benchmark burst clock, on chips at "
                       "their power cap in bursts (GPUs; the others keep their clock). Default %1: H100 SXM held 1365 "
                       "of 1610 MHz over 25 s of 8192³ BF16 (data/calibration/h100-sxm-sustained.csv). Changes "
                       "every step time: re-runs")
            .arg(engine::kDefaultSustainedClock));
    sustained_clock_->setSpecialValueText(
        QStringLiteral("engine default %1").arg(engine::kDefaultSustainedClock));
    sustained_clock_->setObjectName(QStringLiteral("sustainedClock"));
    form->addRow(QStringLiteral("&Utilization"), utilization_);
    form->addRow(QStringLiteral("$/&kWh"), usd_per_kwh_);
    form->addRow(QStringLiteral("P&UE"), pue_);
    form->addRow(QStringLiteral("&Years"), years_);
    form->addRow(QStringLiteral("Sus&tained clock"), sustained_clock_);
    uncalibrated_ = new QCheckBox(QStringLiteral("Ignore measured calibration"), this);
    uncalibrated_->setObjectName(QStringLiteral("uncalibrated"));
    uncalibrated_->setToolTip(QStringLiteral("Run on the catalog's figures alone, without the GEMM and collective "
                                             "fits of the database's measured points (rackplan --uncalibrated); re-runs"));
    connect(uncalibrated_, &QCheckBox::toggled, this, [this] {
        if (!filling_) emit changed();
    });
    form->addRow(uncalibrated_);

    timing_ = new QLabel(this);
    timing_->setTextFormat(Qt::PlainText);
    timing_->setWordWrap(true);
    QFont small = timing_->font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    timing_->setFont(small);
    timing_->setToolTip(QStringLiteral("Prices, $/kWh, PUE and years re-price the layouts found without searching"));
    form->addRow(timing_);
}

QDoubleSpinBox* WhatIfPanel::add_field(double max, double step, int decimals, const QString& tip) {
    auto* box = new QDoubleSpinBox(this);
    box->setRange(0.0, max);
    box->setSingleStep(step);
    box->setDecimals(decimals);
    box->setKeyboardTracking(false);
    box->setSpecialValueText(QStringLiteral("catalog default"));
    box->setToolTip(tip);
    connect(box, &QDoubleSpinBox::valueChanged, this, [this] {
        if (!filling_) emit changed();
    });
    return box;
}

void WhatIfPanel::set_catalog(const hw::Catalog& catalog) {
    usd_per_kwh_->setSpecialValueText(catalog_default(catalog, "usd_per_kwh", QStringLiteral(" $/kWh")));
    pue_->setSpecialValueText(catalog_default(catalog, "pue", QString()));
    years_->setSpecialValueText(catalog_default(catalog, "years", QStringLiteral(" years")));
    utilization_->setSpecialValueText(catalog_default(catalog, "utilization", QString()));
}

void WhatIfPanel::set_input(const ComparisonInput& in) {
    filling_ = true;
    show_value(*utilization_, in.utilization);
    show_value(*usd_per_kwh_, in.usd_per_kwh);
    show_value(*pue_, in.pue);
    show_value(*years_, in.years);
    show_value(*sustained_clock_, in.sustained_clock);
    uncalibrated_->setChecked(in.uncalibrated);
    filling_ = false;
}

void WhatIfPanel::fill(ComparisonInput& in) const {
    in.utilization = value_of(*utilization_);
    in.usd_per_kwh = value_of(*usd_per_kwh_);
    in.pue = value_of(*pue_);
    in.years = value_of(*years_);
    in.sustained_clock = value_of(*sustained_clock_);
    in.uncalibrated = uncalibrated_->isChecked();
}

void WhatIfPanel::show_reprice_time(double ms, int systems) {
    timing_->setText(QStringLiteral("Re-priced %1 system%2 (every layout, table and charts) in %3 ms")
                         .arg(systems)
                         .arg(systems == 1 ? QString() : QStringLiteral("s"))
                         .arg(format_fixed(ms, ms < 10 ? 1 : 0)));
}

QString WhatIfPanel::timing_text() const { return timing_->text(); }

}  // namespace rackplan::gui
