/// The charts' stylesheet: light by default, dark with `prefers-color-scheme: dark`. Chart files embed
/// it; the HTML page includes it once.
enum ChartStyle {
    static let css = """
        .chart { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 12px; }
        .chart .bg { fill: #ffffff; }
        .chart .frame { fill: none; stroke: #888888; stroke-width: 1; }
        .chart .grid { stroke: #e4e4e4; stroke-width: 1; }
        .chart .tick { fill: #444444; font-size: 11px; }
        .chart .axis-title { fill: #222222; font-size: 12px; }
        .chart .chart-title { fill: #111111; font-size: 14px; font-weight: bold; }
        .chart .legend { fill: #222222; font-size: 12px; }
        .chart .note { fill: #555555; font-size: 11px; font-style: italic; }
        .chart .s-rss { stroke: #1f6fb4; stroke-width: 2; fill: none; }
        .chart .s-anon { stroke: #e07b00; stroke-width: 1.5; fill: none; }
        .chart .s-file { stroke: #8c6d31; stroke-width: 1.2; fill: none; }
        .chart .s-usage { stroke: #8a4fcf; stroke-width: 1.5; fill: none; }
        .chart .s-limit { stroke: #d62728; stroke-width: 2; stroke-dasharray: 8 5; fill: none; }
        .chart .s-work { stroke: #2a9d4a; stroke-width: 1.3; stroke-dasharray: 2 3; fill: none; }
        .chart .s-fit { stroke: #333333; stroke-width: 1.8; fill: none; }
        .chart .s-fit-ext { stroke: #333333; stroke-width: 1.8; stroke-dasharray: 5 4; fill: none; }
        .chart .dot { fill: currentColor; }
        .chart .trough { fill: #ffffff; stroke: #333333; stroke-width: 1.3; }
        .chart .forecast { fill: #d62728; stroke: #ffffff; stroke-width: 1; }
        .chart .forecast-range { stroke: #d62728; stroke-width: 3; opacity: 0.45; }
        .chart .oom { stroke: #d62728; stroke-width: 2; }
        .chart .oom-label { fill: #b01c1c; font-size: 11px; font-weight: bold; }
        .chart .swatch-rss { fill: #1f6fb4; } .chart .swatch-anon { fill: #e07b00; }
        .chart .swatch-file { fill: #8c6d31; } .chart .swatch-usage { fill: #8a4fcf; }
        .chart .swatch-limit { fill: #d62728; } .chart .swatch-work { fill: #2a9d4a; }
        .chart .swatch-fit { fill: #333333; } .chart .swatch-oom { fill: #d62728; }
        .chart .flame-label { fill: #1a1a1a; font-size: 11px; pointer-events: none; }
        .chart .flame rect, .chart rect.flame { stroke: #ffffff; stroke-width: 0.5; }
        @media (prefers-color-scheme: dark) {
          .chart .bg { fill: #1d1f21; }
          .chart .frame { stroke: #8a8a8a; }
          .chart .grid { stroke: #33363a; }
          .chart .tick { fill: #b8b8b8; }
          .chart .axis-title, .chart .legend { fill: #dddddd; }
          .chart .chart-title { fill: #f0f0f0; }
          .chart .note { fill: #aaaaaa; }
          .chart .s-rss { stroke: #6cb4f0; } .chart .swatch-rss { fill: #6cb4f0; }
          .chart .s-anon { stroke: #ffad4d; } .chart .swatch-anon { fill: #ffad4d; }
          .chart .s-file { stroke: #c9a86a; } .chart .swatch-file { fill: #c9a86a; }
          .chart .s-usage { stroke: #c39cff; } .chart .swatch-usage { fill: #c39cff; }
          .chart .s-limit, .chart .oom { stroke: #ff6b6b; } .chart .swatch-limit, .chart .swatch-oom { fill: #ff6b6b; }
          .chart .oom-label { fill: #ff8a8a; }
          .chart .s-work { stroke: #5fd37f; } .chart .swatch-work { fill: #5fd37f; }
          .chart .s-fit, .chart .s-fit-ext { stroke: #e0e0e0; } .chart .swatch-fit { fill: #e0e0e0; }
          .chart .trough { fill: #1d1f21; stroke: #e0e0e0; }
          .chart .forecast { fill: #ff6b6b; stroke: #1d1f21; }
          .chart .flame rect, .chart rect.flame { stroke: #1d1f21; }
        }

        """
}
