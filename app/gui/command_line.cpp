#include "command_line.h"

#include <QCommandLineParser>

namespace rackplan::gui {

CommandLine parse_command_line(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption db(QStringLiteral("db"), {}, QStringLiteral("PATH"));
    const QCommandLineOption screenshot(QStringLiteral("screenshot"), {}, QStringLiteral("FILE"));
    const QCommandLineOption scenario(QStringLiteral("scenario"), {}, QStringLiteral("NAME"));
    const QCommandLineOption page(QStringLiteral("page"), {}, QStringLiteral("PAGE"));
    const QCommandLineOption chart(QStringLiteral("chart"), {}, QStringLiteral("CHART"));
    const QCommandLineOption help(QStringList{QStringLiteral("h"), QStringLiteral("help")});
    const QCommandLineOption version(QStringList{QStringLiteral("v"), QStringLiteral("version")});
    parser.addOptions({db, screenshot, scenario, page, chart, help, version});

    CommandLine out;
    if (!parser.parse(arguments)) {
        // Qt writes "Unknown option 'x'."; our errors read like the CLI's: lower case, no stop.
        QString e = parser.errorText();
        if (e.endsWith(QLatin1Char('.'))) e.chop(1);
        if (!e.isEmpty()) e[0] = e[0].toLower();
        out.error = e + QStringLiteral(" (see --help)");
        return out;
    }
    if (!parser.positionalArguments().isEmpty()) {
        out.error = QStringLiteral("unexpected argument '%1' (see --help)").arg(parser.positionalArguments().first());
        return out;
    }
    out.options.help = parser.isSet(help);
    out.options.version = parser.isSet(version);
    if (parser.isSet(db)) {
        const QString value = parser.value(db);
        if (value.isEmpty()) {
            out.error = QStringLiteral("--db needs a file name");
            return out;
        }
        out.options.db = std::filesystem::path(value.toStdString());
    }
    if (parser.isSet(screenshot)) {
        out.options.screenshot = parser.value(screenshot);
        if (out.options.screenshot->isEmpty()) out.error = QStringLiteral("--screenshot needs a file name");
    }
    if (parser.isSet(scenario)) {
        out.options.scenario = parser.value(scenario);
        if (out.options.scenario->trimmed().isEmpty()) out.error = QStringLiteral("--scenario needs a scenario name");
    }
    if (parser.isSet(page)) {
        out.options.page = parser.value(page);
        if (!QStringList{QStringLiteral("compare"), QStringLiteral("plan"), QStringLiteral("catalog"), QStringLiteral("validation")}.contains(*out.options.page))
            out.error = QStringLiteral("--page must be compare, plan, catalog or validation");
    }
    if (parser.isSet(chart)) {
        out.options.chart = parser.value(chart);
        if (!chart_names().contains(*out.options.chart))
            out.error = QStringLiteral("--chart must be one of ") + chart_names().join(QStringLiteral(", "));
    }
    return out;
}

const QStringList& chart_names() {
    static const QStringList names{QStringLiteral("step"),     QStringLiteral("cost"),    QStringLiteral("sensitivity"),
                                   QStringLiteral("roofline"), QStringLiteral("scaling"), QStringLiteral("microbench")};
    return names;
}

QString help_text() {
    return QStringLiteral(
        "Usage: rackplan-gui [--db PATH] [--scenario NAME] [--page PAGE] [--chart CHART]\n"
        "                    [--screenshot FILE.png]\n"
        "\n"
        "rackplan's desktop application: compare candidate systems for a training or serving\n"
        "workload (ranked at their best layouts, with breakdowns and charts), plan the fleet for\n"
        "a demand, change assumptions and see the effect, save scenarios; browse the hardware\n"
        "catalog with every figure's unit, source and confidence.\n"
        "\n"
        "Options:\n"
        "  --db PATH              SQLite database; otherwise $RACKPLAN_DB, otherwise\n"
        "                         $XDG_DATA_HOME/rackplan/rackplan.db. A missing database is\n"
        "                         created and seeded from the installed catalog.\n"
        "  --scenario NAME        open the saved comparison or plan NAME and run it\n"
        "  --page PAGE            show compare, plan, catalog or validation\n"
        "  --chart CHART          the Compare page's chart: step, cost, sensitivity,\n"
        "                         roofline, scaling or microbench\n"
        "  --screenshot FILE.png  render the main window at 1400x900 into FILE.png and exit\n"
        "                         (needs no display: uses the offscreen platform unless\n"
        "                         QT_QPA_PLATFORM says otherwise); with --scenario, after its\n"
        "                         comparison and charts have finished\n"
        "  -h, --help             show this help and exit\n"
        "  -v, --version          show the version and exit\n");
}

}  // namespace rackplan::gui
