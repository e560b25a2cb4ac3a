using Lisor.Pure.Sequences;
using Lisor.Pure.Training;

namespace Lisor.Pure.Experiments;

/// <summary>Text data as a model reads it: every word outside its vocabulary becomes &lt;unk&gt;.</summary>
internal static class TextView
{
    public static LabeledSequence[] AsRead(Model model, IReadOnlyList<LabeledSequence> data)
    {
        var vocabulary = model.Vocabulary;
        var result = new LabeledSequence[data.Count];
        for (int i = 0; i < data.Count; i++)
            result[i] = new LabeledSequence(data[i].Label,
                Array.ConvertAll(data[i].Tokens, w => vocabulary.Contains(w) ? w : Vocabulary.Unknown));
        return result;
    }
}
