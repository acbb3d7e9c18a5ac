import Foundation
import Testing
@testable import KernelLog

@Suite struct ModelJSONTests {
    @Test func topLevelKeysAndExplicitNulls() throws {
        let scan = try Fixture.scan("memcg-v1-3.13-ubuntu-task-in-mem2.log")
        let json = try encodeJSON(scan)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["events", "lookalikes"])
        let event = try #require((object["events"] as? [[String: Any]])?.first)
        for key in ["scope", "complete", "time", "trigger", "constraint", "oomMemcg", "taskMemcg", "memory", "victim",
                    "tasks", "reaped", "lines"] {
            #expect(event.keys.contains(key), "missing key \(key)")
        }
        // Fields the log does not show are explicit nulls, never missing and never 0.
        #expect(event["constraint"] is NSNull)
        #expect(event["reaped"] is NSNull)
        let victim = try #require(event["victim"] as? [String: Any])
        #expect(victim["shmemRssKiB"] is NSNull)
        #expect(victim["uid"] is NSNull)
        #expect(victim["pgtablesKiB"] is NSNull)
        #expect(victim["oomScoreAdj"] is NSNull)
        #expect(victim["anonRssKiB"] as? Int == 920)
        let time = try #require(event["time"] as? [String: Any])
        #expect(time["wallClock"] is NSNull)
        #expect(time["uptimeSeconds"] is NSNull)
        let memory = try #require(event["memory"] as? [String: Any])
        #expect(memory["swap"] is NSNull)
        #expect(Set(memory.keys) == ["usageKiB", "limitKiB", "failcnt", "memsw", "kmem", "swap"])
        let trigger = try #require(event["trigger"] as? [String: Any])
        #expect(Set(["name", "pid", "gfpMask", "order", "oomScoreAdj"]).isSubset(of: Set(trigger.keys)))
        let lines = try #require(event["lines"] as? [String: Any])
        #expect(Set(lines.keys) == ["source", "first", "last"])
        #expect(event["scope"] as? String == "memcg")
    }

    @Test func taskRowsAreKeyedByTheHeadersColumnNames() throws {
        let scan = try Fixture.scan("memcg-v1-4.8-docker-two-kills.log")
        let json = try encodeJSON(scan.events[0].tasks)
        #expect(json == #"{"columns":["pid","uid","tgid","total_vm","rss","nr_ptes","nr_pmds","swapents","oom_score_adj","name"],"rows":[{"name":"gunpowder-memho","nr_pmds":4,"nr_ptes":34,"oom_score_adj":0,"pid":1381,"rss":5191,"swapents":5489,"tgid":1381,"total_vm":530382,"uid":0}]}"#)
    }

    @Test func roundTripsThroughJSON() throws {
        for name in Fixture.allLogNames {
            let scan = try Fixture.scan(name)
            let data = try JSONEncoder().encode(scan)
            let decoded = try JSONDecoder().decode(KernelLogScan.self, from: data)
            #expect(decoded == scan, "\(name)")
        }
    }

    @Test func lookalikeJSON() throws {
        let scan = try Fixture.scan("lookalike-vmalloc-4.14-kmodloader.log")
        let json = try encodeJSON(scan.lookalikes[0])
        #expect(json.contains(#""kind":"vmallocFailure""#))
        #expect(json.contains(#""line":2"#))
        #expect(json.contains(#""time":{"text":"14.006613","uptimeSeconds":14.006613,"wallClock":null}"#))
    }
}
