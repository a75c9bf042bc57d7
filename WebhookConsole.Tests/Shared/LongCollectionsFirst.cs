using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestCollectionOrderer("WebhookConsole.Tests.Shared.LongCollectionsFirst", "WebhookConsole.Tests")]

namespace WebhookConsole.Tests.Shared;

/// <summary>
/// Starts the collections whose tests run one after another for minutes (the load tests, Chromium, PostgreSQL) before
/// the many short ones, longest first. xunit runs as many collections at a time as there are cores, each to its end, in
/// this order; the short ones then fill the cores up to the end. In xunit's own order the PostgreSQL collection (then
/// with the load tests, 8 minutes) started four minutes in and ran alone at the end of the suite.
/// </summary>
/// <remarks>
/// More collections at a time than cores was tried (<c>maxParallelThreads</c> 4) and left out: on the 2-core machine,
/// shared with a benchmark, the tests only competed for the same cores, and four end-to-end tests overran their bounds
/// (a page's 15 and 30 s in Chromium, a node's 180 s to start).
/// </remarks>
public sealed class LongCollectionsFirst : ITestCollectionOrderer
{
    private static readonly string[] First = [ReliabilityCollection.Name, BrowserCollection.Name, PostgresCollection.Name];

    private readonly DefaultTestCollectionOrderer _default = new();

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        _default.OrderTestCollections(testCollections).OrderBy(collection => Array.IndexOf(First, collection.DisplayName) is var rank and >= 0 ? rank : First.Length);
}
