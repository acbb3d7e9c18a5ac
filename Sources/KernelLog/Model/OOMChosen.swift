/// The task the kernel picked before killing, on 2.6.32–5.0 kernels:
/// `Memory cgroup out of memory: Kill process 24572 (java) score 0 or sacrifice child`.
/// The task actually killed (the victim) may be one of its children.
public struct OOMChosen: Codable, Sendable, Equatable, Hashable {
    public var pid: Int?
    public var name: String?
    public var score: Int?

    public init(pid: Int? = nil, name: String? = nil, score: Int? = nil) {
        self.pid = pid
        self.name = name
        self.score = score
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeOrNull(pid, forKey: .pid)
        try c.encodeOrNull(name, forKey: .name)
        try c.encodeOrNull(score, forKey: .score)
    }

    private enum CodingKeys: String, CodingKey { case pid, name, score }
}
