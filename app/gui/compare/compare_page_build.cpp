// The widgets of the Compare page: the input column (workload, candidates, what-ifs, search
// controls) and the results (ranked table, detail pane, chart tabs). Behaviour is in
// compare_page.cpp.
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

#include "charts/cost_time_chart.h"
#include "charts/decode_chart.h"
#include "charts/microbench_chart.h"
#include "charts/roofline_chart.h"
#include "charts/scaling_chart.h"
#include "charts/step_chart.h"
#include "charts/tornado_chart.h"
#include "compare/candidates_editor.h"
#include "compare/compare_page.h"
#include "compare/comparison_table_model.h"
#include "compare/detail_pane.h"
#include "compare/what_if_panel.h"
#include "compare/workload_editor.h"
#include "result_table.h"

namespace rackplan::gui {
namespace {

QLabel* plain_label(QWidget* parent) {
    auto* l = new QLabel(parent);
    l->setTextFormat(Qt::PlainText);  // model and system names are data, never markup
    l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return l;
}

}  // namespace

QWidget* ComparePage::build_inputs() {
    auto* panel = new QWidget(this);
    auto* layout = new QVBoxLayout(panel);
    layout->setContentsMargins(6, 6, 6, 6);

    auto* work = new QGroupBox(QStringLiteral("Workload"), panel);
    auto* wl = new QVBoxLayout(work);
    workload_ = new WorkloadEditor(work);
    wl->addWidget(workload_);
    layout->addWidget(work);

    auto* cands = new QGroupBox(QStringLiteral("Candidate systems"), panel);
    auto* cl = new QVBoxLayout(cands);
    candidates_ = new CandidatesEditor(cands);
    cl->addWidget(candidates_);
    layout->addWidget(cands, 1);

    what_if_ = new WhatIfPanel(panel);
    layout->addWidget(what_if_);

    auto* search = new QGroupBox(QStringLiteral("Search"), panel);
    auto* form = new QFormLayout(search);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    policy_ = new QComboBox(search);
    policy_->setObjectName(QStringLiteral("layoutPolicy"));
    policy_->addItem(QStringLiteral("Search every layout"), static_cast<int>(LayoutPolicy::search));
    policy_->addItem(QStringLiteral("Keep layouts, re-time live"), static_cast<int>(LayoutPolicy::keep));
    policy_->setToolTip(QStringLiteral(
        "Search: every edit searches each system's layouts in the background.\n"
        "Keep: each system keeps the layout found last (data parallel follows the chips), so an edit\n"
        "re-times in milliseconds; a system without a layout is searched."));
    form->addRow(QStringLiteral("&Layouts"), policy_);
    layout->addWidget(search);

    auto* buttons = new QHBoxLayout;
    search_ = new QPushButton(QStringLiteral("&Search again"), panel);
    search_->setToolTip(QStringLiteral("Runs the comparison now (F5)"));
    search_->setShortcut(QKeySequence(Qt::Key_F5));
    cancel_ = new QPushButton(QStringLiteral("Cancel"), panel);
    cancel_->setToolTip(QStringLiteral("Stops the search in flight; the last finished comparison stays"));
    progress_ = new QProgressBar(panel);
    progress_->setRange(0, 1000);
    progress_->setTextVisible(false);
    buttons->addWidget(search_);
    buttons->addWidget(cancel_);
    buttons->addWidget(progress_, 1);
    layout->addLayout(buttons);

    connect(workload_, &WorkloadEditor::changed, this, &ComparePage::edited);
    connect(workload_, &WorkloadEditor::chipsPerSystemChanged, this, [this](int chips) {
        candidates_->set_all_chips(chips);  // emits changed when a count moved
    });
    connect(candidates_, &CandidatesEditor::changed, this, &ComparePage::edited);
    connect(what_if_, &WhatIfPanel::changed, this, &ComparePage::edited);
    connect(what_if_, &WhatIfPanel::pricingForAll, this,
            [this](engine::Pricing p) { candidates_->set_all_pricing(p); });  // emits changed when one moved
    connect(policy_, &QComboBox::currentIndexChanged, this, &ComparePage::policy_changed);
    connect(search_, &QPushButton::clicked, this, &ComparePage::run);
    connect(cancel_, &QPushButton::clicked, this, &ComparePage::cancel);

    auto* scroll = new QScrollArea(this);
    scroll->setWidget(panel);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setMinimumWidth(panel->sizeHint().width() + 16);
    return scroll;
}

QWidget* ComparePage::build_results() {
    right_ = new QSplitter(Qt::Vertical, this);
    right_->setObjectName(QStringLiteral("resultsSplitter"));

    auto* top = new QWidget(right_);
    auto* tl = new QVBoxLayout(top);
    tl->setContentsMargins(6, 6, 6, 0);
    header_ = plain_label(top);
    QFont bold = header_->font();
    bold.setBold(true);
    header_->setFont(bold);
    header_->setWordWrap(true);
    status_ = plain_label(top);
    status_->setWordWrap(true);
    table_ = new ComparisonTableModel(this);
    view_ = make_result_table(top);
    view_->setObjectName(QStringLiteral("comparisonTable"));
    view_->setModel(table_);
    view_->verticalHeader()->setDefaultSectionSize(view_->fontMetrics().height() + 8);  // ten systems fit
    for (int c = 0; c < ComparisonTableModel::ColumnCount; ++c)
        view_->horizontalHeader()->setSectionResizeMode(
            c, c == ComparisonTableModel::Layout ? QHeaderView::Stretch : QHeaderView::ResizeToContents);
    // The report of what the table shows sits beside its title.
    export_ = new QPushButton(QStringLiteral("E&xport report…"), top);
    export_->setObjectName(QStringLiteral("exportReport"));
    export_->setToolTip(QStringLiteral("The procurement report of this comparison as PDF, HTML, Markdown or CSV"));
    export_->setEnabled(false);
    connect(export_, &QPushButton::clicked, this, &ComparePage::exportReportRequested);
    auto* title_row = new QHBoxLayout;
    title_row->addWidget(header_, 1);
    title_row->addWidget(export_, 0, Qt::AlignTop);
    tl->addLayout(title_row);
    tl->addWidget(status_);
    tl->addWidget(view_, 1);
    connect(view_->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] { show_selected(); });

    bottom_ = new QSplitter(Qt::Horizontal, right_);
    bottom_->setObjectName(QStringLiteral("detailSplitter"));
    detail_ = new DetailPane(bottom_);
    detail_->setContentsMargins(6, 0, 0, 0);
    charts_ = new QTabWidget(bottom_);
    charts_->setObjectName(QStringLiteral("charts"));
    step_chart_ = new StepChart(charts_);
    decode_chart_ = new DecodeChart(charts_);
    // The first tab is the time breakdown of the mode shown: a training step or a decode iteration.
    step_stack_ = new QStackedWidget(charts_);
    step_stack_->addWidget(step_chart_->view());
    step_stack_->addWidget(decode_chart_->view());
    roofline_ = new RooflineChart(charts_);
    scaling_chart_ = new ScalingChart(charts_);
    microbench_ = new MicrobenchChart(charts_);
    cost_time_ = new CostTimeChart(charts_);
    tornado_ = new TornadoChart(charts_);
    charts_->addTab(step_stack_, QStringLiteral("Step time"));
    charts_->addTab(cost_time_->view(), QStringLiteral("Cost vs time"));
    charts_->addTab(tornado_->view(), QStringLiteral("Sensitivity"));
    charts_->addTab(roofline_->view(), QStringLiteral("Roofline"));
    charts_->addTab(scaling_chart_->view(), QStringLiteral("Scaling"));
    charts_->addTab(microbench_, QStringLiteral("Microbenchmarks"));
    bottom_->addWidget(detail_);
    bottom_->addWidget(charts_);
    bottom_->setStretchFactor(0, 0);
    bottom_->setStretchFactor(1, 1);
    bottom_->setSizes({340, 690});
    bottom_->setChildrenCollapsible(false);

    right_->addWidget(top);
    right_->addWidget(bottom_);
    right_->setStretchFactor(0, 0);
    right_->setStretchFactor(1, 1);
    right_->setSizes({330, 510});  // ten ranked systems without scrolling
    right_->setChildrenCollapsible(false);
    apply_mode(engine::Mode::train);
    return right_;
}

void ComparePage::apply_mode(engine::Mode mode) {
    const bool serving = mode == engine::Mode::infer;
    for (int c = 0; c < ComparisonTableModel::ColumnCount; ++c)
        view_->setColumnHidden(c, !ComparisonTableModel::shown_for(c, mode));
    step_stack_->setCurrentIndex(serving ? 1 : 0);
    charts_->setTabText(StepTab, serving ? QStringLiteral("Decode step") : QStringLiteral("Step time"));
    // The roofline places a training step's operators and the scaling curve searches training
    // layouts: neither has a serving counterpart here.
    for (int tab : {RooflineTab, ScalingTab}) {
        charts_->setTabEnabled(tab, !serving);
        charts_->setTabToolTip(tab, serving ? QStringLiteral("Training only") : QString());
    }
    if (serving && (charts_->currentIndex() == RooflineTab || charts_->currentIndex() == ScalingTab))
        charts_->setCurrentIndex(StepTab);
}

}  // namespace rackplan::gui
