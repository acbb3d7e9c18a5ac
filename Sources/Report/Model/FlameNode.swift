import Notebook

/// A call tree for a flame graph: `{"name", "value", "children": [...]}`.
struct FlameNode {
    var name: String
    var value: Double
    var children: [FlameNode]

    /// Reads the tree, keeping at most `maxDepth` levels and `maxNodes` nodes in all (a profile can have
    /// hundreds of thousands; the page must stay light). Nodes without a positive value are dropped.
    init?(_ v: JSONValue, maxDepth: Int = 40, maxNodes: Int = 4000) {
        var budget = maxNodes
        guard let node = FlameNode.read(v, depth: 0, maxDepth: maxDepth, budget: &budget) else { return nil }
        self = node
    }

    private init(name: String, value: Double, children: [FlameNode]) {
        self.name = name
        self.value = value
        self.children = children
    }

    private static func read(_ v: JSONValue, depth: Int, maxDepth: Int, budget: inout Int) -> FlameNode? {
        guard budget > 0, let value = v.number("value"), value > 0 else { return nil }
        budget -= 1
        var children: [FlameNode] = []
        if depth + 1 < maxDepth {
            // Largest first, so the budget keeps what is visible.
            let kids = v.array("children").sorted { ($0.number("value") ?? 0) > ($1.number("value") ?? 0) }
            for child in kids {
                if let c = read(child, depth: depth + 1, maxDepth: maxDepth, budget: &budget) { children.append(c) }
            }
        }
        return FlameNode(name: v.string("name") ?? "?", value: value, children: children)
    }
}
