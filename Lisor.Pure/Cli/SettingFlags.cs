using Lisor.Pure.Common;

namespace Lisor.Pure.Cli;

/// <summary>
/// The CLI's names for the settings the library names in its messages (<see cref="Setting"/>): the library says
/// <c>TrainingOptions.LearningRate</c> or <c>k = 5</c>, the command line says <c>--lr</c> or <c>--clusters 5</c>.
/// </summary>
internal static class SettingFlags
{
    private static readonly Dictionary<string, string> Flags = new(StringComparer.Ordinal)
    {
        ["TrainingOptions.Hidden"] = "--hidden",
        ["TrainingOptions.Layers"] = "--layers",
        ["TrainingOptions.Embed"] = "--embed",
        ["TrainingOptions.VectorsPath"] = "--vectors",
        ["TrainingOptions.Epochs"] = "--epochs",
        ["TrainingOptions.Batch"] = "--batch",
        ["TrainingOptions.Patience"] = "--patience",
        ["TrainingOptions.LearningRate"] = "--lr",
        ["TrainingOptions.Clip"] = "--clip",
        ["TrainingOptions.StepLoss"] = "--step-loss",
        ["TrainingOptions.PlateauPatience"] = "--plateau",
        ["TrainingOptions.PlateauDelta"] = "--plateau-delta",
        ["TrainingOptions.Positive"] = "--positive",
        ["TaskOptions.Train"] = "--train",
        ["TaskOptions.Valid"] = "--valid",
        ["TaskOptions.Test"] = "--test",
        ["TaskOptions.MinLength"] = "--min-length",
        ["TaskOptions.MaxLength"] = "--max-length",
        ["AutoExtractionOptions.MaxStates"] = "--max-states",
        ["AutoExtractionOptions.Clusters"] = "--clusters",
        ["k"] = "--clusters",
        ["restarts"] = "--restarts",
        ["layer"] = "--layer",
        ["Model.Load"] = "--model",
        ["FsaJson.Load"] = "--fsa",
    };

    /// <summary>The flag of <paramref name="setting"/>, followed by its value when the message quotes one.</summary>
    public static string Name(Setting setting)
    {
        if (!Flags.TryGetValue(setting.Name, out var flag)) return setting.ToString();
        return setting.Value is null ? flag : $"{flag} {setting.Value}";
    }

    /// <summary>Whether the CLI has a flag for the library setting <paramref name="name"/>.</summary>
    public static bool Knows(string name) => Flags.ContainsKey(name);

    /// <summary>A bad-input message as the CLI prints it: the library's settings named by their flags.</summary>
    public static string Message(InputException e) => e.Describe(Name);

    /// <summary>
    /// A broken precondition's message as the CLI prints it: a <see cref="SettingArgumentException"/>'s settings
    /// named by their flags, any other without .NET's parameter suffix.
    /// </summary>
    public static string Message(ArgumentException e) => e is SettingArgumentException s ? s.Describe(Name) : ErrorLine.WithoutParameter(e);
}
