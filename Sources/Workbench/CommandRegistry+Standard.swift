extension CommandRegistry {
    /// Every command Sleuth has, in the order `help` lists them.
    public static let standard = CommandRegistry([
        AskCommand.self, HypothesizeCommand.self, FocusCommand.self, EvidenceCommand.self,
        ConcludeCommand.self, CauseCommand.self, NoteCommand.self, AmendCommand.self, StatusCommand.self,
        GuideCommand.self,
        DmesgCommand.self,
        PsCommand.self, SampleCommand.self, TrendCommand.self, CorrelateCommand.self,
        HeapLoadCommand.self, HeapTopCommand.self, HeapListCommand.self, HeapPeekCommand.self, HeapTracesCommand.self,
        HeapDiffCommand.self, HeapGrowthCommand.self, HeapWatchCommand.self, GoroutinesCommand.self, GoroutinesDiffCommand.self,
        HelpCommand.self, HistoryCommand.self, ShowCommand.self, ExportCommand.self, SleepCommand.self, QuitCommand.self,
    ])
}
