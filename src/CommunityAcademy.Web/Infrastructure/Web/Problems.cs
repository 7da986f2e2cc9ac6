using CommunityAcademy.Domain;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CommunityAcademy.Web.Infrastructure.Web;

/// <summary>RFC 7807 answers used across the API, so every feature says "not found" and "invalid" the same way.</summary>
public static class Problems
{
    public static ProblemHttpResult NotFound(string what = "") =>
        TypedResults.Problem(statusCode: 404, title: Texts.Of("Problem.NotFound"), detail: what.Length > 0 ? what : null);

    public static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] },
            title: Texts.Of("Problem.Invalid"));

    public static ValidationProblem Invalid(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: Texts.Of("Problem.Invalid"));

    public static ProblemHttpResult Conflict(string message) =>
        TypedResults.Problem(statusCode: 409, title: message);

    public static ProblemHttpResult Rule(Texts texts, Error error, int status = 422) =>
        TypedResults.Problem(statusCode: status, title: texts.Error(error), extensions: new Dictionary<string, object?> { ["code"] = error.Code });
}

/// <summary>Collects field errors of a request body, then answers once with all of them.</summary>
public sealed class Validation
{
    private readonly Dictionary<string, List<string>> _errors = new();

    public bool Ok => _errors.Count == 0;

    public Validation Require(string field, object? value, string? message = null)
    {
        if (value is null || value is string s && string.IsNullOrWhiteSpace(s)) Add(field, message ?? Texts.Of("Problem.Required"));
        return this;
    }

    public Validation Check(bool condition, string field, string message)
    {
        if (!condition) Add(field, message);
        return this;
    }

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = new();
        list.Add(message);
    }

    public ValidationProblem Problem() => Problems.Invalid(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
}
