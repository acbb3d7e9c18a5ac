extension CommandRegistry {
    /// Every command Sleuth has, in the order `help` lists them.
    public static let standard = CommandRegistry([
        AskCommand.self, HypothesizeCommand.self, FocusCommand.self, EvidenceCommand.self,
        ConcludeCommand.self, CauseCommand.self, NoteCommand.self, AmendCommand.self, StatusCommand.self,
        GuideCommand.self,
        DmesgCommand.self,
        HelpCommand.self, HistoryCommand.self, ShowCommand.self, SleepCommand.self, QuitCommand.self,
    ])
}
