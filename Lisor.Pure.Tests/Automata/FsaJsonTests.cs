using Lisor.Pure.Automata;
using Lisor.Pure.Common;
using Lisor.Pure.Data;

namespace Lisor.Pure.Tests.Automata;

public class FsaJsonTests
{
    private const string Valid = """
        {
          "format": "lisor-fsa", "version": 1,
          "alphabet": ["0", "1"],
          "classes": ["0", "1"],
          "positive": "1",
          "start": 0,
          "states": [
            {"id": 0, "start": true, "label": "0", "accepting": false, "size": 0},
            {"id": 1, "label": "1", "accepting": true, "size": 120},
            {"id": 2, "label": "0", "accepting": false, "size": 30}
          ],
          "transitions": [
            {"from": 0, "symbol": "1", "to": 2, "count": 57},
            {"from": 2, "symbol": "0", "to": 1, "count": 9}
          ],
          "dropped": [
            {"from": 2, "symbol": "0", "to": 2, "count": 4}
          ]
        }
        """;

    private static void AssertSame(Fsa a, Fsa b)
    {
        Assert.That(b.Alphabet, Is.EqualTo(a.Alphabet));
        Assert.That(b.Classes, Is.EqualTo(a.Classes));
        Assert.That(b.PositiveClass, Is.EqualTo(a.PositiveClass));
        Assert.That(b.States, Is.EqualTo(a.States));
        Assert.That(b.Transitions, Is.EqualTo(a.Transitions));
        Assert.That(b.Dropped, Is.EqualTo(a.Dropped));
    }

    [Test]
    public void The_contract_example_parses()
    {
        var fsa = FsaJson.Parse(Valid, "x.json");
        Assert.That(fsa.StateCount, Is.EqualTo(3));
        Assert.That(fsa.Next(0, 1), Is.EqualTo(2));
        Assert.That(fsa.Dropped.Single(), Is.EqualTo(new FsaTransition(2, 0, 2, 4)));
        AssertSame(fsa, FsaJson.Parse(FsaJson.ToJson(fsa)));
    }

    [Test]
    public void Learned_FSA_round_trips_through_a_file()
    {
        var dir = CliRunner.TempDir();
        string path = Path.Combine(dir, "fsa.json");
        foreach (var fsa in new[] { Fsa0110.Learn(), Tomita.Dfa(3),
                     FsaLearner.Learn([["héllo", "\"q\""], ["a\\b"]], [[0, 1], [1]], 2, [2, 0], ["neg", "pos", "x,y"], 1) })
        {
            FsaJson.Save(fsa, path);
            AssertSame(fsa, FsaJson.Load(path));
        }
        Assert.That(Directory.GetFiles(dir), Has.Length.EqualTo(1), "no temporary file left behind");
    }

    private static string Broken(string from, string to)
    {
        string text = Valid;
        Assert.That(text.Contains(from, StringComparison.Ordinal), Is.True, "test fixture");
        return text.Replace(from, to);
    }

    // Each case breaks one rule; the message must name the line and the problem.
    [TestCase("\"lisor-fsa\"", "\"other\"", 2, "'format' is \"other\"")]
    [TestCase("\"version\": 1", "\"version\": 3", 2, "'version' 3 is not supported")]
    [TestCase("\"version\": 1", "\"version\": \"1\"", 2, "'version' must be a whole number")]
    [TestCase("\"alphabet\": [\"0\", \"1\"]", "\"alphabet\": [\"0\", \"0\"]", 3, "symbol \"0\" appears twice")]
    [TestCase("\"alphabet\": [\"0\", \"1\"]", "\"alphabet\": [\"0\", \"a b\"]", 3, "contains white space")]
    [TestCase("\"alphabet\": [\"0\", \"1\"]", "\"alphabet\": \"01\"", 3, "'alphabet' must be a JSON array")]
    [TestCase("\"classes\": [\"0\", \"1\"]", "\"classes\": []", 4, "'classes' is empty")]
    // a class is written as a sequence-file label (classify --predictions): it must read back as one
    [TestCase("\"classes\": [\"0\", \"1\"]", "\"classes\": [\"0\", \"1\", \"a\\tb\"]", 4, "class \"a\\tb\" contains a TAB or a line break")]   // (escaped in the message: Excerpt)
    [TestCase("\"classes\": [\"0\", \"1\"]", "\"classes\": [\"0\", \"1\", \"a\\nb\"]", 4, "contains a TAB or a line break")]
    [TestCase("\"classes\": [\"0\", \"1\"]", "\"classes\": [\"0\", \"1\", \" x\"]", 4, "class \" x\" has white space around it")]
    [TestCase("\"classes\": [\"0\", \"1\"]", "\"classes\": [\"0\", \"1\", \"x\\u00a0\"]", 4, "has white space around it")]
    [TestCase("\"classes\": [\"0\", \"1\"]", "\"classes\": [\"0\", \"1\", \"#x\"]", 4, "class \"#x\" starts with '#'")]
    [TestCase("\"positive\": \"1\"", "\"positive\": \"yes\"", 5, "'positive' class \"yes\" is not in 'classes'")]
    [TestCase("\"start\": 0", "\"start\": 1", 6, "'start' must be 0")]
    [TestCase("{\"id\": 2,", "{\"id\": 3,", 10, "states[2] has id 3; ids must be 0 … 2 in order")]
    [TestCase("{\"id\": 0, \"start\": true,", "{\"id\": 0, \"start\": false,", 8, "state 0 is the start state")]
    [TestCase("{\"id\": 1,", "{\"id\": 1, \"start\": true,", 9, "state 1 says \"start\": true")]
    [TestCase("\"label\": \"1\", \"accepting\": true", "\"label\": \"2\", \"accepting\": true", 9, "label \"2\" is not in 'classes'")]
    [TestCase("\"label\": \"1\", \"accepting\": true", "\"label\": \"1\", \"accepting\": false", 9, "state 1 has label \"1\" but \"accepting\": false")]
    [TestCase("\"size\": 120", "\"size\": -1", 9, "states[1].size must be ≥ 0, got -1")]
    [TestCase("\"size\": 120", "\"size\": 1.5", 9, "states[1].size must be a whole number, got 1.5")]
    [TestCase("\"size\": 120", "\"size\": 1099511627776", 9, "states[1].size is out of range (0 … 2147483647), got 1099511627776")]
    [TestCase("{\"id\": 1,", "{\"id\": 4294967296,", 9, "states[1].id is out of range (-2147483648 … 2147483647), got 4294967296")]
    [TestCase("\"to\": 2, \"count\": 57", "\"to\": -4294967301, \"count\": 57", 13, "transitions[0].to is out of range (-2147483648 … 2147483647), got -4294967301")]
    [TestCase(", \"size\": 120", "", 9, "states[1] has no 'size'")]
    [TestCase("\"to\": 2, \"count\": 57", "\"to\": 3, \"count\": 57", 13, "transitions[0]: 'to' state 3 does not exist (states are 0 … 2)")]
    [TestCase("{\"from\": 0, \"symbol\": \"1\"", "{\"from\": -1, \"symbol\": \"1\"", 13, "'from' state -1 does not exist")]
    [TestCase("\"symbol\": \"1\", \"to\": 2", "\"symbol\": \"7\", \"to\": 2", 13, "symbol \"7\" is not in 'alphabet'")]
    [TestCase("{\"from\": 2, \"symbol\": \"0\", \"to\": 1", "{\"from\": 0, \"symbol\": \"1\", \"to\": 1", 14, "a second transition from state 0 on \"1\"")]
    [TestCase("\"count\": 57", "\"count\": \"many\"", 13, "transitions[0].count must be a whole number, got \"many\"")]
    [TestCase("\"to\": 2, \"count\": 4", "\"to\": 1, \"count\": 4", 17, "is the kept transition")]
    [TestCase("\"to\": 2, \"count\": 4", "\"to\": 2, \"count\": 40", 17, "seen more often (40) than the kept one (9)")]
    [TestCase("{\"from\": 2, \"symbol\": \"0\", \"to\": 2", "{\"from\": 1, \"symbol\": \"0\", \"to\": 2", 17, "has no kept transition that beat it")]
    [TestCase("\"start\": 0,", "\"start\": 0, \"start\": 0,", 6, "key 'start' appears twice")]
    [TestCase("\"positive\": \"1\",", "\"positive\": \"1\"", 6, "not valid JSON")]
    [TestCase("\"alphabet\": [\"0\", \"1\"]", "\"alphabet\": [\"0\", \"1\", \"\\ud800\"]", 3, "half of a UTF-16 surrogate pair")]
    [TestCase("\"start\": 0,", "\"start\": 0, \"\\udc00x\": 1,", 6, "half of a UTF-16 surrogate pair")]
    public void Each_broken_rule_is_rejected_with_file_line_and_problem(string from, string to, int line, string problem)
    {
        var e = Assert.Throws<InputException>(() => FsaJson.Parse(Broken(from, to), "bad.json"))!;
        Assert.That(e.Message, Does.StartWith($"bad.json:{line}: "));
        Assert.That(e.Message, Does.Contain(problem));
    }

    [Test]
    public void Missing_required_parts_are_named()
    {
        Assert.That(Assert.Throws<InputException>(() => FsaJson.Parse("[]", "a.json"))!.Message, Does.Contain("the file must be a JSON object"));
        Assert.That(Assert.Throws<InputException>(() => FsaJson.Parse("", "a.json"))!.Message, Does.StartWith("a.json"));
        Assert.That(Assert.Throws<InputException>(() => FsaJson.Parse(Broken("\"transitions\"", "\"moves\""), "a.json"))!.Message,
            Does.Contain("no 'transitions'"));
        Assert.That(Assert.Throws<InputException>(() => FsaJson.Load("/nonexistent/x.json"))!.Message, Does.Contain("no such file"));
    }

    // A UTF-8 byte-order mark (Windows Notepad writes one) is ignored, as the sequence readers ignore it; errors
    // after it keep their line.
    [Test]
    public void A_byte_order_mark_is_ignored()
    {
        byte[] Bom(string text) => [0xEF, 0xBB, 0xBF, .. System.Text.Encoding.UTF8.GetBytes(text)];
        AssertSame(FsaJson.Parse(Valid, "x.json"), FsaJson.Parse(Bom(Valid), "bom.json"));
        string path = Path.Combine(CliRunner.TempDir(), "bom.json");
        File.WriteAllBytes(path, Bom(Valid));
        Assert.That(FsaJson.Load(path).StateCount, Is.EqualTo(3));
        var e = Assert.Throws<InputException>(() => FsaJson.Parse(Bom(Broken("\"start\": 0", "\"start\": 1")), "bom.json"))!;
        Assert.That(e.Message, Does.StartWith("bom.json:6: 'start' must be 0"));
    }

    [Test]
    public void Dropped_is_optional_and_unknown_keys_are_ignored()
    {
        string text = Valid.Replace("\"dropped\"", "\"notes\"");
        var fsa = FsaJson.Parse(text, "x.json");
        Assert.That(fsa.Dropped, Is.Empty);
    }
}
