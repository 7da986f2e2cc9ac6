namespace CommunityAcademy.Domain;

/// <summary>
/// A rule broken, as a stable code plus arguments. The web layer turns the code into text in the
/// user's language (resource key "Error.{Code}"), so domain code stays free of UI strings.
/// </summary>
public sealed record Error(string Code, params object[] Args)
{
    public override string ToString() => Args.Length == 0 ? Code : $"{Code}({string.Join(", ", Args)})";
}

/// <summary>A value or the rule it broke.</summary>
public readonly record struct Result<T>(T? Value, Error? Error)
{
    public bool IsOk => Error is null;
    public static Result<T> Ok(T value) => new(value, null);
    public static implicit operator Result<T>(Error error) => new(default, error);
}
