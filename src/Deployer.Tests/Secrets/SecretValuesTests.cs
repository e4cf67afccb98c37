using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Deployer.Secrets;
using static Deployer.Tests.Secrets.SecretSamples;

namespace Deployer.Tests.Secrets;

/// <summary>What the scrubber recognises: every known value in every form outputs give it, URL passwords, and JSON before it is serialised.</summary>
public class SecretValuesTests
{
    private static SecretValues Known()
    {
        var values = new SecretValues();
        foreach (var value in Values.Values) values.Add(value);
        return values;
    }

    public static TheoryData<string, string> EveryForm()
    {
        var data = new TheoryData<string, string>();
        foreach (var (name, form) in Forms()) data.Add(name, form);
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryForm))]
    public void Every_form_of_a_value_is_scrubbed(string name, string form)
    {
        var scrubbed = Known().Scrub($"before {form} after");

        Assert.False(scrubbed.Contains(form, StringComparison.Ordinal), name);
        Assert.StartsWith("before ", scrubbed);
        Assert.EndsWith(" after", scrubbed);
        Assert.Contains("[REDACTED]", scrubbed);
    }

    [Fact]
    public void Overlapping_values_are_scrubbed_whole_and_other_text_is_kept()
    {
        var values = new SecretValues();
        values.Add("abcdef-secret");
        values.Add("def-secret-and-more");

        Assert.Equal("x [REDACTED] y [REDACTED] z", values.Scrub("x abcdef-secret-and-more y def-secret-and-more z"));
        Assert.Equal("nothing to hide", values.Scrub("nothing to hide"));
    }

    /// <summary>The one-pass matcher covers exactly the characters that searching for each value in turn would.</summary>
    [Theory]
    [InlineData(8)]
    [InlineData(5000)]
    public void The_one_pass_matcher_covers_what_searching_each_value_would(int longest)
    {
        var random = new Random(longest);
        for (var round = 0; round < 300; round++)
        {
            string Word(int max) => new(Enumerable.Range(0, random.Next(1, max + 1)).Select(_ => "abc"[random.Next(3)]).ToArray());
            var patterns = Enumerable.Range(0, random.Next(1, 6)).Select(_ => Word(random.Next(2) == 0 ? 4 : longest)).ToArray();
            var text = string.Concat(Enumerable.Range(0, random.Next(1, 12)).Select(_ => random.Next(2) == 0 ? Word(3) : patterns[random.Next(patterns.Length)]));
            var expected = new bool[text.Length];
            foreach (var pattern in patterns)
                for (var at = text.IndexOf(pattern, StringComparison.Ordinal); at >= 0; at = text.IndexOf(pattern, at + 1, StringComparison.Ordinal))
                    Array.Fill(expected, true, at, pattern.Length);

            var covered = new bool[text.Length];
            foreach (var (start, end) in new SecretMatcher(patterns).Find(text, out _)) Array.Fill(covered, true, start, end - start);

            Assert.Equal(expected, covered);
        }
    }

    [Fact]
    public void The_armor_lines_of_a_private_key_are_not_secrets()
    {
        var values = new SecretValues();
        values.Add(PrivateKey);

        Assert.Equal("-----BEGIN PUBLIC KEY-----", values.Scrub("-----BEGIN PUBLIC KEY-----"));
        Assert.Equal("-----BEGIN PRIVATE KEY-----", values.Scrub("-----BEGIN PRIVATE KEY-----"));
    }

    [Theory]
    [InlineData("postgresql://app:pa+ss&w<o>rd@db:5432/app", "postgresql://app:[REDACTED]@db:5432/app")]
    [InlineData("redis://user:other-password@cache:6379", "redis://user:[REDACTED]@cache:6379")]
    [InlineData("see https://u:p@h and amqp://q:r:s@mq/", "see https://u:[REDACTED]@h and amqp://q:[REDACTED]@mq/")]
    [InlineData("https://example.com/a:b@c", "https://example.com/a:b@c")]
    [InlineData("1://user:password@host", "1://user:password@host")]
    [InlineData("https://user@host:443", "https://user@host:443")]
    public void A_password_inside_a_url_is_masked_whatever_the_scheme(string text, string expected)
    {
        Assert.Equal(expected, new SecretValues().Scrub(text));
    }

    /// <summary>The hand scan finds exactly what the regex it replaces found, on texts made of the characters that matter.</summary>
    [Fact]
    public void The_url_password_scan_agrees_with_the_regex_it_replaces()
    {
        var regex = new Regex(@"[a-zA-Z][a-zA-Z0-9+.\-]*://[^/\s:@]+:(?<password>[^@\s/]+)@");
        var random = new Random(20261205);
        const string alphabet = "ab1+.-:/@ \n";
        for (var i = 0; i < 20000; i++)
        {
            var text = new string(Enumerable.Range(0, random.Next(1, 40)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
            var expected = regex.Matches(text).Select(m => (m.Groups["password"].Index, m.Groups["password"].Index + m.Groups["password"].Length));
            Assert.Equal(expected, UrlPasswords.Find(text));
        }
    }

    [Theory]
    [InlineData("url")]
    [InlineData("scheme run")]
    [InlineData("colons")]
    [InlineData("known value prefix")]
    public async Task Scrubbing_a_2MB_adversarial_value_finishes(string shape)
    {
        const int size = 2 * 1024 * 1024;
        var text = shape switch
        {
            "url" => "a://" + string.Concat(Enumerable.Repeat("b:c", size / 3)),
            "scheme run" => new string('a', size) + ":/",
            "colons" => "x://u:" + new string(':', size),
            _ => string.Concat(Enumerable.Repeat("abcdefgh-secret-", size / 16)),
        };
        var values = SecretValues.FromEnvironment(new Dictionary<string, string> { ["HUGE_TOKEN"] = text, ["BIG_URL"] = text });
        values.Add("abcdefgh-secret-but-longer");

        // A hang guard, not a timing assertion: the quadratic regex took minutes on inputs of this size.
        var scrubbed = await Task.Run(() => values.Scrub(text + "\n" + text)).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.DoesNotContain(text, scrubbed);
    }

    [Fact]
    public void Json_is_redacted_before_it_is_serialised_names_included()
    {
        var values = Known();
        var json = new JsonObject
        {
            ["message"] = $"deployed with {Awkward}",
            ["outputs"] = new JsonObject { [Awkward] = "a key that is a secret", ["url"] = $"https://x/?t={Percent}" },
            ["lines"] = new JsonArray($"key: {PrivateKey}", 42, true, null),
        };

        var text = values.Redact(json)!.ToJsonString();

        AssertNoneIn("redacted JSON", text);
        Assert.Equal("deployed with [REDACTED]", json["message"]!.GetValue<string>());
        Assert.Equal("a key that is a secret", json["outputs"]!["[REDACTED]"]!.GetValue<string>());
        Assert.Equal(42, json["lines"]![1]!.GetValue<int>());
    }
}
