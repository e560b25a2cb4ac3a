using System.Globalization;
using Lisor.Pure.Common;

namespace Lisor.Pure.Data;

/// <summary>
/// Points as CSV text: one point per line, its coordinates separated by commas (spaces around them
/// are allowed). Blank lines and lines starting with '#' are skipped; a first line whose fields are
/// all non-numeric is taken as a header and skipped, and must name as many columns as the rows have.
/// Every row must have the same number of values, all finite. Errors are <see cref="InputException"/>s naming the file and line.
/// </summary>
internal static class PointsCsv
{
    /// <summary>Reads [rows, cols] row-major float32 values.</summary>
    public static (float[] Values, int Rows, int Cols) Read(string path)
    {
        if (Directory.Exists(path)) throw new InputException(path, 0, "is a directory, expected a CSV file");
        if (!File.Exists(path)) throw new InputException(path, 0, "no such file");
        using var reader = File.OpenText(path);
        return Read(reader, path);
    }

    /// <summary>Reads [rows, cols] row-major float32 values from <paramref name="reader"/>; <paramref name="path"/> names it in errors.</summary>
    public static (float[] Values, int Rows, int Cols) Read(TextReader reader, string path)
    {
        var values = new List<float>();
        int cols = -1, rows = 0, lineNumber = 0;
        int headerLine = 0, headerNames = 0;   // the header's line (0: none) and how many names it gives
        bool first = true;
        for (string? raw; (raw = reader.ReadLine()) is not null;)
        {
            lineNumber++;
            string line = raw.TrimEnd('\r');
            if (line.Trim().Length == 0 || line.StartsWith('#')) continue;
            var fields = line.Split(',');
            if (first && fields.All(f => !IsNumber(f.Trim(), out _))) { first = false; headerLine = lineNumber; headerNames = fields.Length; continue; }
            first = false;
            if (cols < 0)
            {
                cols = fields.Length;
                // a header that names fewer or more columns than the rows have is not the rows' header
                if (headerLine > 0 && headerNames != cols)
                    throw new InputException(path, headerLine, $"the header names {headerNames} column{(headerNames == 1 ? "" : "s")}, " +
                        $"the first row (line {lineNumber}) has {cols} value{(cols == 1 ? "" : "s")}");
            }
            else if (fields.Length != cols)
                throw new InputException(path, lineNumber, $"expected {cols} values (like the first row), got {fields.Length}");
            foreach (var f in fields)
            {
                string t = f.Trim();
                if (!IsNumber(t, out float v)) throw new InputException(path, lineNumber, $"{Excerpt.Quoted(t)} is not a number");
                if (!float.IsFinite(v)) throw new InputException(path, lineNumber, $"{Excerpt.Quoted(t)} is not a finite number");
                values.Add(v);
            }
            rows++;
        }
        if (rows == 0) throw new InputException(path, 0, "no points (the file has no data rows)");
        return (values.ToArray(), rows, cols);
    }

    private static bool IsNumber(string s, out float v)
        => float.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out v);
}
