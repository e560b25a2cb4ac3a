// The README's library example, compiled. ReadmeExampleTests checks that the lines between "README usings" and
// "README usings end", a blank line, and the lines between "README statements" and "README end" (one indentation
// level less) are exactly the README's ```csharp block — and runs the statements. The parameter named Console
// stands in for System.Console, so the same lines compile as a top-level program and here.
// README usings
using Lisor.Pure.Automata;
using Lisor.Pure.Data;
using Lisor.Pure.Extraction;
using Lisor.Pure.Training;
// README usings end

namespace Lisor.Pure.Tests.Readme;

internal static class ReadmeExample
{
    /// <summary>Runs the example's statements (in the current folder: it writes fsa.json) and returns the FSA it saved.</summary>
    public static Fsa Run(TextWriter Console)
    {
        // README statements
        var task = SyntheticTasks.Generate("0110", new TaskOptions(), seed: 1);      // train/valid/test strings of task 0110
        var model = Trainer.Train(task.Train, task.Valid, task.Test, new TrainingOptions { Cell = "mgu" }, null).Model;
        var fsa = AutoExtraction.Extract(model, task.Valid, new AutoExtractionOptions()).Minimised;   // what `extract` does
        Console.WriteLine($"{fsa.StateCount} states");
        Console.WriteLine(model.Predict(["0", "1", "1", "0"]).Label);                  // the RNN on one string
        Console.WriteLine(fsa.Classify(["0", "1", "1", "0"]));                        // the FSA on the same string
        FsaJson.Save(fsa, "fsa.json");
        // README end
        return fsa;
    }
}
