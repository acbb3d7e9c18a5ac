import Notebook

/// The REPL prompt, showing where the investigation stands.
enum Prompt {
    /// `sleuth> `, `sleuth Q1> `, `sleuth Q1›H2 testing> `, `sleuth Q1 answered> `.
    static func text(for inv: Investigation) -> String {
        switch inv.focus {
        case .none:
            return "sleuth> "
        case .question(let q):
            return "sleuth Q\(q)\(inv.isAnswered(q) ? " answered" : "")> "
        case .hypothesis(let h):
            guard let hyp = inv.hypothesis(h) else { return "sleuth> " }
            let state = inv.verdict(of: h)?.outcome.rawValue ?? "testing"
            let answered = inv.isAnswered(hyp.questionId) ? " answered" : ""
            return "sleuth Q\(hyp.questionId)›H\(h) \(state)\(answered)> "
        }
    }
}
