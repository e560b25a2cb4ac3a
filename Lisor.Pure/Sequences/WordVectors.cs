using System.Globalization;
using System.Text;
using Lisor.Pure.Common;

namespace Lisor.Pure.Sequences;

/// <summary>
/// Pre-trained word vectors in the word2vec / GloVe text format: one word per line followed by its
/// numbers, separated by spaces; word2vec files start with a header line "count dimension", GloVe
/// files do not (both are accepted). Every problem is an <see cref="InputException"/> naming the line.
/// </summary>
internal sealed class WordVectors
{
    private readonly Dictionary<string, float[]> _vectors;

    private WordVectors(int dimension, Dictionary<string, float[]> vectors) { Dimension = dimension; _vectors = vectors; }

    /// <summary>Length of every vector.</summary>
    public int Dimension { get; }
    /// <summary>Number of words read.</summary>
    public int Count => _vectors.Count;

    /// <summary>The vector of <paramref name="word"/>, or null.</summary>
    public float[]? Get(string word) => _vectors.GetValueOrDefault(word);

    /// <summary>
    /// Reads <paramref name="path"/>; when <paramref name="keep"/> is given, only the words it names are
    /// kept in memory (the file is still checked line by line). The first occurrence of a word wins.
    /// </summary>
    public static WordVectors Read(string path, Func<string, bool>? keep = null)
    {
        if (Directory.Exists(path)) throw new InputException(path, 0, "is a directory, expected a word-vector text file");
        if (!File.Exists(path)) throw new InputException(path, 0, "no such file");
        var strict = new UTF8Encoding(false, throwOnInvalidBytes: true);
        using var reader = new StreamReader(path, strict, detectEncodingFromByteOrderMarks: true);
        var vectors = new Dictionary<string, float[]>(StringComparer.Ordinal);
        int dimension = -1, lineNumber = 0, vectorLines = 0;
        while (true)
        {
            string? line;
            try { line = reader.ReadLine(); }
            catch (DecoderFallbackException) { throw new InputException(path, Utf8Lines.FirstInvalid(path), "not valid UTF-8 text"); }
            if (line is null) break;
            lineNumber++;
            var fields = line.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0) continue;
            if (lineNumber == 1 && fields.Length == 2 && int.TryParse(fields[0], out _) && int.TryParse(fields[1], out int headerDim))
            {
                if (headerDim < 1) throw new InputException(path, 1, $"header gives dimension {headerDim}, expected ≥ 1");
                dimension = headerDim;
                continue;
            }
            if (fields.Length < 2) throw new InputException(path, lineNumber, "expected '<word> <number> <number> …'");
            vectorLines++;
            if (dimension < 0) dimension = fields.Length - 1;
            if (fields.Length - 1 != dimension)
                throw new InputException(path, lineNumber, $"{Excerpt.Quoted(fields[0])} has {fields.Length - 1} numbers, expected {dimension}");
            if (vectors.ContainsKey(fields[0]) || (keep is not null && !keep(fields[0])))
            {
                CheckNumbers(fields, path, lineNumber, null);
                continue;
            }
            var v = new float[dimension];
            CheckNumbers(fields, path, lineNumber, v);
            vectors[fields[0]] = v;
        }
        if (vectorLines == 0) throw new InputException(path, 0, "holds no vectors");   // (a header line alone included)
        return new WordVectors(dimension, vectors);
    }

    private static void CheckNumbers(string[] fields, string path, int line, float[]? into)
    {
        for (int i = 1; i < fields.Length; i++)
        {
            if (!float.TryParse(fields[i], NumberStyles.Float, CultureInfo.InvariantCulture, out float x) || !float.IsFinite(x))
                throw new InputException(path, line, $"number {i} of {Excerpt.Quoted(fields[0])} is {Excerpt.Quoted(fields[i])}, expected a finite number");
            if (into is not null) into[i - 1] = x;
        }
    }
}
