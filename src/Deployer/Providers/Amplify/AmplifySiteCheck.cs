namespace Deployer.Providers.Amplify;

/// <summary>
/// SUCCEED is not trusted alone: the branch URL must answer 200 with the index.html that was deployed (a zip of the
/// folder itself succeeds and serves 404s). A CDN may lag a little, so a few polls are allowed.
/// </summary>
public sealed class AmplifySiteCheck(HttpClient http, TimeProvider time, TimeSpan interval, int attempts = 10)
{
    /// <summary>Null when <paramref name="url"/> serves <paramref name="index"/>, else what it served instead.</summary>
    public async Task<string?> ProblemAsync(Uri url, byte[] index, CancellationToken cancellationToken)
    {
        var problem = "";
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var response = await http.GetAsync(url, cancellationToken);
                var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
                if ((int)response.StatusCode == 200 && body.AsSpan().SequenceEqual(index)) return null;
                problem = (int)response.StatusCode == 200 ? "200 with another page than the deployed index.html" : $"HTTP {(int)response.StatusCode}";
            }
            catch (HttpRequestException e)
            {
                problem = e.Message;
            }
            if (attempt >= attempts) return $"{url} answered {problem}";
            await Task.Delay(interval, time, cancellationToken);
        }
    }
}
