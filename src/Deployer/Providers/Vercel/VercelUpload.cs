using System.Net;
using Deployer.Providers.Vercel.Api;
using Refit;

namespace Deployer.Providers.Vercel;

/// <summary>
/// Creates a deployment by content: asks Vercel to create it from SHAs, uploads exactly the SHAs it answers
/// <c>missing_files</c> with (a bounded number at a time, each streamed from disk), then creates again.
/// </summary>
public sealed class VercelUpload(IVercelDeployments deployments, IVercelFiles files, int parallelism = 8)
{
    /// <summary>The deployment and how many files had to be uploaded.</summary>
    public sealed record Created(VercelDeployment Deployment, int Uploaded, long UploadedBytes);

    public async Task<Created> CreateAsync(VercelCreateDeployment body, VercelFileSet set, bool prebuilt, CancellationToken cancellationToken)
    {
        var uploaded = 0;
        long bytes = 0;
        for (var round = 0; ; round++)
        {
            try
            {
                var deployment = await deployments.CreateAsync(body, prebuilt ? 1 : null, cancellationToken);
                return new Created(deployment, uploaded, bytes);
            }
            catch (ApiException e) when (round < 2 && e.StatusCode == HttpStatusCode.BadRequest
                                         && VercelErrors.Parse(e) is { Code: "missing_files", Missing: { } missing })
            {
                var wanted = missing.Distinct(StringComparer.Ordinal).ToArray();
                await UploadAsync(set, wanted, cancellationToken);
                uploaded += wanted.Length;
                bytes += set.Files.Where(f => wanted.Contains(f.Sha)).DistinctBy(f => f.Sha).Sum(f => f.Size);
            }
        }
    }

    /// <summary>Uploads the given SHAs of the set, at most <c>parallelism</c> at once.</summary>
    public Task UploadAsync(VercelFileSet set, IReadOnlyList<string> shas, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(shas, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (sha, ct) =>
            {
                await using var stream = File.OpenRead(set.PathOf(sha));
                using var content = new StreamContent(stream);
                content.Headers.ContentLength = stream.Length;
                content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
                await files.UploadAsync(sha, content, ct);
            });
}
