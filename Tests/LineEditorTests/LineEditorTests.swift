import Foundation
import Testing
@testable import LineEditor

@Suite struct LineEditorTests {
    @Test func historyPathFollowsXDG() {
        #expect(HistoryFile.defaultPath(environment: ["XDG_STATE_HOME": "/s", "HOME": "/h"]) == "/s/sleuth/history")
        #expect(HistoryFile.defaultPath(environment: ["HOME": "/h"]) == "/h/.local/state/sleuth/history")
        #expect(HistoryFile.defaultPath(environment: ["XDG_STATE_HOME": "relative", "HOME": "/h"]) == "/h/.local/state/sleuth/history")
        #expect(HistoryFile.defaultPath(environment: [:]) == nil)
    }

    @Test func historyFileIsCreatedPrivate() throws {
        let dir = NSTemporaryDirectory() + "sleuth-le-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = HistoryFile(path: dir + "/deep/er/history")
        #expect(file.ensureFile())
        let attrs = try FileManager.default.attributesOfItem(atPath: file.path)
        #expect(attrs[.posixPermissions] as? Int == 0o600)
        let dirMode = try FileManager.default.attributesOfItem(atPath: dir + "/deep/er")[.posixPermissions] as? Int
        #expect(dirMode == 0o700)
    }

    @Test func commonPrefixAndColumns() {
        #expect(Completion.commonPrefix(["history", "hist", "historic"]) == "hist")
        #expect(Completion.commonPrefix(["a", "b"]) == "")
        #expect(Completion.commonPrefix([]) == "")
        #expect(Completion.columns(["aa", "bbb", "c"], width: 12) == "aa   bbb\nc\n")
        #expect(Completion.columns(["one"], width: 2) == "one\n")
    }

    @Test func interruptFlag() {
        Interrupt.reset()
        #expect(!Interrupt.isRequested)
        Interrupt.request()
        #expect(Interrupt.isRequested)
        Interrupt.reset()
    }
}
