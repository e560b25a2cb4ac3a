using System.Text.RegularExpressions;
using Lisor.Pure.Extraction;
using Lisor.Pure.Sequences;

namespace Lisor.Pure.Experiments;

/// <summary>
/// The manifest of a sweep folder (<see cref="RunManifest"/>): the three data sets' content hashes, every
/// <see cref="SweepOptions"/> field and the training options. results.csv rows and models/ are only ever
/// reused under the same manifest, so nothing from other settings is read back.
/// </summary>
internal static partial class SweepManifest
{
    /// <summary>The sweep's manifest; <paramref name="outDir"/> makes a shared models folder relative, so copies of a folder compare equal.</summary>
    public static RunManifest Of(SweepOptions o, IReadOnlyList<LabeledSequence> train, IReadOnlyList<LabeledSequence> valid,
        IReadOnlyList<LabeledSequence> test, string outDir)
        => new RunManifest("sweep")
            .AddData("--train", train).AddData("--valid", valid).AddData("--test", test)
            .Add("--seed", o.Seed)
            .Add("--cells", o.Cells).Add("--methods", o.Methods)
            .Add("--min-clusters", o.MinClusters).Add("--max-clusters", o.MaxClusters)
            .Add("--target", o.Target).Add("--trials", o.Trials).Add("--stop-at-target", o.StopAtTarget)
            .Add("--layer", o.Layer == HiddenPoints.AllLayers ? "all" : o.Layer.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Add("--position-scale", o.PositionScale).Add("--standardise", o.Standardise)
            .Add("--restarts", o.Restarts).Add("--select", o.Selection == RestartSelection.Fidelity ? "fidelity" : "inertia")
            .Add("models", o.ModelsDir is null ? "models" : Path.GetRelativePath(outDir, o.ModelsDir).Replace('\\', '/'))
            .AddTraining(o.Training);

    /// <summary>The files a sweep writes into its folder (models/ aside).</summary>
    public static readonly string[] Outputs = ["results.csv", "table.md", "accuracy-vs-k.svg", "fidelity-vs-accuracy.svg"];

    /// <summary>A trained model of the sweep in its models folder: CELL-TRIAL.lisor.</summary>
    public static bool IsModel(string fileName) => ModelName().IsMatch(fileName);

    [GeneratedRegex(@"^[a-z]+-[0-9]+\.lisor$", RegexOptions.CultureInvariant)]
    private static partial Regex ModelName();

    /// <summary>A best FSA of the sweep in DIR/fsa: CELL-TRIAL-METHOD.json or .svg.</summary>
    public static bool IsBestFsa(string fileName) => BestFsaName().IsMatch(fileName);

    [GeneratedRegex(@"^[a-z]+-[0-9]+-[a-z-]+\.(json|svg)$", RegexOptions.CultureInvariant)]
    private static partial Regex BestFsaName();

    /// <summary>
    /// Claims <paramref name="outDir"/> (<see cref="RunManifest.Claim"/>): old results are results.csv, table.md,
    /// the figures, the best FSAs in DIR/fsa and, when the models live in DIR/models, the models; a shared models folder is its owner's.
    /// </summary>
    public static void Claim(RunManifest manifest, SweepOptions o, string outDir, bool restart)
    {
        string? ownModels = o.ModelsDir is null ? Path.Combine(outDir, "models") : null;
        manifest.Claim(outDir, restart,
            () => File.Exists(Path.Combine(outDir, "results.csv")) || (ownModels is not null && RunManifest.HoldsAny(ownModels, IsModel)),
            () =>
            {
                RunManifest.DeleteOurs(outDir, name => Array.IndexOf(Outputs, name) >= 0);
                RunManifest.DeleteOurs(Path.Combine(outDir, "fsa"), IsBestFsa);
                if (ownModels is not null) RunManifest.DeleteOurs(ownModels, IsModel);
            });
    }
}
