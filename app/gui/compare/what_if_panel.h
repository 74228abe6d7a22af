#pragma once
// The what-if assumptions of a comparison: how every system is paid for, electricity price,
// PUE, amortization years and utilization — the cost columns of a batch row, so the CLI and
// a CSV can ask the same — and the efficiency derate of the engine the CLI takes as
// --sustained-clock (the tensor clock held in long dense phases). Each field at its minimum
// shows the default it stands for. Prices, $/kWh, PUE and years re-price the comparison on
// screen without a new search; utilization changes the time to train and the sustained clock
// every step time, so both re-run it.
#include <QGroupBox>

#include "compare/comparison_input.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;

namespace rackplan::gui {

class WhatIfPanel : public QGroupBox {
    Q_OBJECT
public:
    explicit WhatIfPanel(QWidget* parent = nullptr);

    // Shows the catalog's defaults in the fields' "default" texts.
    void set_catalog(const hw::Catalog& catalog);
    // Shows the input's values. Emits nothing.
    void set_input(const ComparisonInput& input);
    // Writes utilization, $/kWh, PUE, years and the sustained clock into `input`.
    void fill(ComparisonInput& input) const;
    // The time the last re-price took (pricing every layout, table and charts), shown beneath.
    void show_reprice_time(double ms, int systems);

    [[nodiscard]] QDoubleSpinBox& utilization() { return *utilization_; }
    [[nodiscard]] QDoubleSpinBox& usd_per_kwh() { return *usd_per_kwh_; }
    [[nodiscard]] QDoubleSpinBox& pue() { return *pue_; }
    [[nodiscard]] QDoubleSpinBox& years() { return *years_; }
    [[nodiscard]] QDoubleSpinBox& sustained_clock() { return *sustained_clock_; }
    [[nodiscard]] QCheckBox& uncalibrated() { return *uncalibrated_; }
    [[nodiscard]] QComboBox& pricing() { return *pricing_; }
    [[nodiscard]] QString timing_text() const;

signals:
    void changed();
    // "Pay for every system" was applied with this pricing.
    void pricingForAll(engine::Pricing pricing);

private:
    QDoubleSpinBox* add_field(double max, double step, int decimals, const QString& tip);

    QDoubleSpinBox* utilization_;
    QDoubleSpinBox* usd_per_kwh_;
    QDoubleSpinBox* pue_;
    QDoubleSpinBox* years_;
    QDoubleSpinBox* sustained_clock_;
    QCheckBox* uncalibrated_;
    QComboBox* pricing_;
    QPushButton* apply_pricing_;
    QLabel* timing_;
    bool filling_ = false;
};

}  // namespace rackplan::gui
