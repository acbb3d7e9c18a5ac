/// One chart of an experiment.
enum ChartKind {
    case memory(MemoryChart)
    case flame(FlameGraph)
    case growth(GrowthChart)

    var fileSuffix: String {
        switch self {
        case .memory: return "memory"
        case .flame: return "flame"
        case .growth: return "growth"
        }
    }

    func svg(standalone: Bool) -> String {
        switch self {
        case .memory(let c): return c.svg(standalone: standalone)
        case .flame(let c): return c.svg(standalone: standalone)
        case .growth(let c): return c.svg(standalone: standalone)
        }
    }

    var title: String {
        switch self {
        case .memory(let c): return c.title
        case .flame(let c): return c.title
        case .growth(let c): return c.title
        }
    }
}
