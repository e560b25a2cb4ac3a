namespace Lisor.Pure.Common;

/// <summary>
/// A setting that a bad-input message names: the library's name of the concept (a field of an options type such as
/// <c>TrainingOptions.Hidden</c>, or a parameter such as <c>k</c>) and, when the message quotes it, the value given.
/// The library writes it as <c>Name</c> or <c>Name = Value</c>; a front end names it its own way (the CLI by its flag).
/// </summary>
/// <param name="Name">The concept's name in the library.</param>
/// <param name="Value">The value the message quotes, or null.</param>
public readonly record struct Setting(string Name, string? Value = null)
{
    /// <summary><c>Name</c>, or <c>Name = Value</c>.</summary>
    public override string ToString() => Value is null ? Name : $"{Name} = {Value}";
}

/// <summary>Writes the problem of an <see cref="InputException"/>, naming each setting through <paramref name="name"/>.</summary>
public delegate string SettingProblem(Func<Setting, string> name);

/// <summary>
/// An argument of a library call that breaks its precondition, where the argument is a setting a user chose (k, a layer):
/// the message names it by its concept, and <see cref="Describe"/> lets a front end name it its own way. Still an
/// <see cref="ArgumentException"/>, so callers that catch those keep doing so.
/// </summary>
public sealed class SettingArgumentException : ArgumentException
{
    private readonly SettingProblem _problem;

    /// <summary>The problem, naming its settings through the function it is given.</summary>
    public SettingArgumentException(SettingProblem problem) : base(problem(s => s.ToString())) => _problem = problem;

    /// <summary>The message with every setting it names written by <paramref name="name"/>.</summary>
    public string Describe(Func<Setting, string> name) => _problem(name);
}
