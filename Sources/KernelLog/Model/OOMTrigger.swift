/// The task whose allocation failed and made the kernel invoke the OOM killer.
///
/// From `tail invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0` and the
/// `CPU: 1 UID: 0 PID: 6115 Comm: tail Not tainted ...` line that follows it (the pid is only there).
public struct OOMTrigger: Codable, Sendable, Equatable, Hashable {
    public var name: String?
    public var pid: Int?
    /// As printed, e.g. `0xcc0(GFP_KERNEL)` or `0x201da`.
    public var gfpMask: String?
    public var order: Int?
    public var oomScoreAdj: Int?
    /// The pre-2.6.36 `oom_adj=` (also printed by some 3.x Android kernels).
    public var oomAdj: Int?
    public var nodemask: String?

    public init(name: String? = nil, pid: Int? = nil, gfpMask: String? = nil, order: Int? = nil,
                oomScoreAdj: Int? = nil, oomAdj: Int? = nil, nodemask: String? = nil) {
        self.name = name
        self.pid = pid
        self.gfpMask = gfpMask
        self.order = order
        self.oomScoreAdj = oomScoreAdj
        self.oomAdj = oomAdj
        self.nodemask = nodemask
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeOrNull(name, forKey: .name)
        try c.encodeOrNull(pid, forKey: .pid)
        try c.encodeOrNull(gfpMask, forKey: .gfpMask)
        try c.encodeOrNull(order, forKey: .order)
        try c.encodeOrNull(oomScoreAdj, forKey: .oomScoreAdj)
        try c.encodeOrNull(oomAdj, forKey: .oomAdj)
        try c.encodeOrNull(nodemask, forKey: .nodemask)
    }

    private enum CodingKeys: String, CodingKey { case name, pid, gfpMask, order, oomScoreAdj, oomAdj, nodemask }
}
