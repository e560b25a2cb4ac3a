using Lisor.Pure.Automata;

namespace Lisor.Pure.Cli;

/// <summary>The `--missing dead|stay|start` option shared by classify, extract, predict and text.</summary>
internal static class MissingPolicyOption
{
    /// <summary>The option's help text.</summary>
    public const string Help = "dead, stay or start: a missing transition or unknown symbol goes to a dead state, stays put, or returns to the start state";

    /// <summary>Reads `--missing` (default dead).</summary>
    public static MissingPolicy Read(ParsedOptions o) => o.Choice("--missing", "dead", "dead", "stay", "start") switch
    {
        "stay" => MissingPolicy.Stay,
        "start" => MissingPolicy.Start,
        _ => MissingPolicy.Dead,
    };

    /// <summary>How reports name a policy.</summary>
    public static string Describe(MissingPolicy policy) => policy switch
    {
        MissingPolicy.Stay => "stay",
        MissingPolicy.Start => "back to the start state",
        _ => "dead state",
    };
}
