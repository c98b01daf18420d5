namespace DocChat.Web.Tests.Infrastructure;

/// <summary>Puts the payload corpus into the places users control: document names, messages, model output.</summary>
public static class XssContent
{
    /// <summary>One small document per payload, named with it (in batches of the upload limit).</summary>
    public static async Task UploadNamedAsync(TestBrowser browser)
    {
        var files = XssPayloads.All
            .Select((payload, i) => ChatActions.TextFile($"{i:D3} {payload}.txt", $"Zebra payload document number {i}."))
            .ToList();
        foreach (var batch in files.Chunk(20))
        {
            await browser.UploadAsync(batch);
        }
    }

    /// <summary>Each payload as a message, answered by a model that echoes it back.</summary>
    public static async Task SendEchoedAsync(TestBrowser browser, FakeLlmServer model)
    {
        var settings = await browser.GetAsync("/Chat");
        await browser.SubmitAndFollowAsync(settings.Form("#settings-form"), new Dictionary<string, string> { ["Mode"] = "Generative" });
        foreach (var payload in XssPayloads.All)
        {
            model.Reply = _ => new FakeReply($"Answer with {payload} [1]");
            await browser.SendAsync(payload);
        }
    }
}
