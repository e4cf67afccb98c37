using System.Text.Json.Nodes;

namespace Deployer.Output;

/// <summary>A step whose plan holds the exact request fields it will send: the dry run's JSON shows them under "request".</summary>
public interface IStepRequest
{
    JsonObject RequestFields();
}
