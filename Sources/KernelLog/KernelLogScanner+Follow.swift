extension KernelLogScanner {
    /// Follows `/dev/kmsg`, reporting each OOM event and look-alike as soon as it is complete, until
    /// `shouldStop` returns true (checked at least every `pollTimeoutMilliseconds`).
    public static func follow(_ kmsg: KmsgLogSource = KmsgLogSource(), fromStart: Bool = false,
                              options: Options = Options(), pollTimeoutMilliseconds: Int32 = 250,
                              shouldStop: () -> Bool, onEvent: (OOMEvent) -> Void,
                              onLookalike: (Lookalike) -> Void = { _ in }) throws {
        var scanner = KernelLogScanner(source: kmsg.name, options: options)
        func deliver() {
            for event in scanner.takeEvents() { onEvent(event) }
            for lookalike in scanner.takeLookalikes() { onLookalike(lookalike) }
        }
        try kmsg.follow(fromStart: fromStart, pollTimeoutMilliseconds: pollTimeoutMilliseconds,
                        shouldStop: shouldStop,
                        onIdle: {
                            scanner.flushWaitingEvent()
                            deliver()
                        },
                        { chunk in
                            scanner.feed(chunk)
                            deliver()
                        })
        scanner.finish()
        deliver()
    }
}
