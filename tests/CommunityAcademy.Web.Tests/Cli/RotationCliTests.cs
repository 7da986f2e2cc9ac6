using System.Diagnostics;
using System.Text.Json;
using CommunityAcademy.Domain.Groups;
using CommunityAcademy.Web.Cli;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityAcademy.Web.Tests.Cli;

/// <summary>The `rotation` verb (issue 16 §2): JSON of a World Café rotation, without any database.</summary>
public sealed class RotationCliTests
{
    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        // An empty service provider: the verb must not need the database or any other service.
        var code = await CliCommands.RunAsync(new ServiceCollection().BuildServiceProvider(), CommandLine.Parse(args), o, e);
        return (code, o.ToString(), e.ToString());
    }

    [Fact]
    public async Task Rotation_prints_rounds_of_tables_with_hosts_first_and_true_figures()
    {
        var (code, output, err) = await Run("rotation", "--people", "29", "--tables", "5", "--rounds", "5", "--seed", "3");
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(output);
        var rounds = doc.RootElement.GetProperty("rotation").Deserialize<long[][][]>()!;
        Assert.Equal(5, rounds.Length);
        foreach (var round in rounds)
        {
            Assert.Equal([1, 2, 3, 4, 5], round.Select(t => t[0]));
            Assert.Equal(Enumerable.Range(1, 29).Select(i => (long)i), round.SelectMany(t => t).Order());
            Assert.True(round.Max(t => t.Length) - round.Min(t => t.Length) <= 1);
        }
        var figures = CafeRotations.Measure(rounds, Enumerable.Range(1, 29).Select(i => new CafePerson(i)));
        var printed = doc.RootElement.GetProperty("figures");
        Assert.Equal(figures.MaxMeetings, printed.GetProperty("maxMeetings").GetInt32());
        Assert.Equal(figures.PairsMeetingMoreThanOnce, printed.GetProperty("pairsMeetingMoreThanOnce").GetInt32());
        Assert.True(printed.GetProperty("noTravellerRepeatsATable").GetBoolean());
        Assert.Equal(40, doc.RootElement.GetProperty("bounds").GetProperty("roundPairCoincidences").GetInt64());
        // The same seed prints the same plan.
        Assert.Equal(output, (await Run("rotation", "--people", "29", "--tables", "5", "--rounds", "5", "--seed", "3")).Out);
    }

    [Fact]
    public async Task Rotation_refuses_fewer_than_two_people_per_table_and_bad_numbers()
    {
        var tooFew = await Run("rotation", "--people", "9", "--tables", "5", "--rounds", "5");
        Assert.Equal(2, tooFew.Code);
        Assert.Contains("twice the tables", tooFew.Err);
        Assert.Empty(tooFew.Out);
        Assert.Equal(2, (await Run("rotation", "--people", "ten", "--tables", "5", "--rounds", "5")).Code);
        Assert.Equal(2, (await Run("rotation", "--people", "10", "--tables", "5")).Code);
        Assert.Equal(2, (await Run("rotation", "--people", "10", "--tables", "5", "--rounds", "0")).Code);
        Assert.Contains("rotation", (await Run("help")).Out);
        // More rounds than tables is allowed.
        Assert.Equal(0, (await Run("rotation", "--people", "12", "--tables", "3", "--rounds", "5")).Code);
    }

    [Fact]
    public async Task The_real_executable_runs_rotation_with_no_usable_database()
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(typeof(Program).Assembly.Location);
        foreach (var a in new[] { "rotation", "--people", "25", "--tables", "5", "--rounds", "5" }) psi.ArgumentList.Add(a);
        psi.Environment["Database__Provider"] = "no-such-database";
        psi.Environment["Database__ConnectionString"] = "Data Source=/nonexistent/dir/x.db";
        using var p = Process.Start(psi)!;
        var stdout = await p.StandardOutput.ReadToEndAsync();
        var stderr = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        Assert.True(p.ExitCode == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal(1, doc.RootElement.GetProperty("figures").GetProperty("maxMeetings").GetInt32());
        Assert.True(doc.RootElement.GetProperty("constructed").GetBoolean());
    }
}
