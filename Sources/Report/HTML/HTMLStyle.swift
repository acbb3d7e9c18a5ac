/// The page's stylesheet: light and dark schemes, and a print layout. Inline, so the page loads nothing.
enum HTMLStyle {
    static let css = """
        :root { color-scheme: light dark; --bg: #ffffff; --fg: #1b1b1b; --muted: #666666; --rule: #dddddd;
          --code-bg: #f5f5f3; --accent: #1f6fb4; --kill: #fbeaea; --marked: #fff4d6;
          --ok: #1e7b34; --bad: #b3261e; --warn: #8a6100; }
        @media (prefers-color-scheme: dark) {
          :root { --bg: #17191b; --fg: #e6e6e6; --muted: #a0a0a0; --rule: #3a3d41; --code-bg: #222528;
            --accent: #6cb4f0; --kill: #3a2224; --marked: #3a3220; --ok: #6fd08a; --bad: #ff8a80; --warn: #f0c060; }
        }
        html { background: var(--bg); color: var(--fg); }
        body { margin: 0; font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 15px; line-height: 1.45; }
        main { max-width: 1000px; margin: 0 auto; padding: 24px 28px 48px; }
        h1 { font-size: 26px; margin: 0 0 6px; }
        h2 { font-size: 20px; margin: 32px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--rule); }
        h3 { font-size: 16px; margin: 20px 0 8px; }
        a { color: var(--accent); }
        code, pre { font-family: "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 13px; }
        code { background: var(--code-bg); padding: 0 3px; border-radius: 3px; overflow-wrap: anywhere; }
        pre { background: var(--code-bg); padding: 10px 12px; border-radius: 4px; overflow-x: auto; white-space: pre; margin: 6px 0 12px; }
        .muted, .meta { color: var(--muted); }
        .cause { border-left: 4px solid var(--accent); padding: 8px 12px; margin: 8px 0; background: var(--code-bg); }
        .badge { display: inline-block; font-size: 12px; padding: 0 6px; border-radius: 9px; border: 1px solid currentColor; }
        .badge.supported, .badge.supports, .badge.answered { color: var(--ok); }
        .badge.refuted, .badge.refutes, .badge.failed { color: var(--bad); }
        .badge.inconclusive, .badge.neutral, .badge.open { color: var(--warn); }
        table { border-collapse: collapse; margin: 8px 0 14px; font-size: 13px; width: auto; max-width: 100%; }
        caption { text-align: left; font-style: italic; color: var(--muted); padding-bottom: 4px; }
        th, td { border-bottom: 1px solid var(--rule); padding: 3px 8px; text-align: left; vertical-align: top; overflow-wrap: break-word; }
        th { font-weight: 600; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        td.nowrap { white-space: nowrap; }
        table.timeline td:nth-child(2) { white-space: nowrap; }
        table.timeline a { text-decoration: none; }
        tr.kill td { background: var(--kill); }
        tr.marked td { background: var(--marked); font-weight: 600; }
        ul.tree, ul.tree ul { list-style: none; padding-left: 18px; }
        ul.tree { padding-left: 0; }
        ul.tree li { margin: 3px 0; }
        ul.tree li.superseded { color: var(--muted); text-decoration: line-through; }
        ul.tree li.finding { font-weight: 600; }
        dl.figures { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 8px 0 12px; }
        dl.figures dt { color: var(--muted); }
        dl.figures dd { margin: 0; }
        figure { margin: 10px 0 14px; }
        svg.chart { width: 100%; height: auto; display: block; border: 1px solid var(--rule); border-radius: 4px; }
        article.experiment { border-top: 1px dashed var(--rule); padding-top: 6px; }
        details.output > summary { cursor: pointer; color: var(--muted); }
        .cmd { margin: 10px 0; }
        .cmd.failed pre { border-left: 3px solid var(--bad); }
        .cmd-head .id { font-weight: 600; }
        .prompt { color: var(--muted); }
        footer { margin-top: 36px; font-size: 12px; }
        @media print {
          :root { --bg: #ffffff; --fg: #000000; --muted: #444444; --rule: #bbbbbb; --code-bg: #f6f6f6; --accent: #000000; }
          html, body { background: #ffffff; color: #000000; }
          main { max-width: none; padding: 0; }
          pre { white-space: pre-wrap; overflow-wrap: anywhere; }
          h2, h3 { break-after: avoid; }
          figure, table, .cause, .cmd { break-inside: avoid; }
          a { color: inherit; text-decoration: none; }
          details.output > summary { display: none; }
        }

        """

    /// Printed charts are always light, whatever the screen's scheme; placed after the chart stylesheet.
    static let printCharts = """
        @media print {
          .chart .bg, .chart .trough { fill: #ffffff; }
          .chart .tick, .chart .legend, .chart .axis-title, .chart .chart-title, .chart .flame-label { fill: #000000; }
          .chart .grid { stroke: #e4e4e4; }
        }

        """
}
