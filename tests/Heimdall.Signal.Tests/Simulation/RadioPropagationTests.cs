using Heimdall.Signal.Simulation;

namespace Heimdall.Signal.Tests.Simulation;

public class RadioPropagationTests
{
    [Test]
    public void Free_space_path_loss_of_1_km_at_145_MHz_Should_be_75_67_dB()
    {
        Assert.That(RadioPropagation.FreeSpacePathLossDb(1_000, 145e6), Is.EqualTo(75.67).Within(0.01));
    }

    [Test]
    public void Doubling_the_distance_Should_add_6_02_dB()
    {
        var loss = RadioPropagation.FreeSpacePathLossDb(2_000, 145e6) - RadioPropagation.FreeSpacePathLossDb(1_000, 145e6);

        Assert.That(loss, Is.EqualTo(20 * Math.Log10(2)).Within(1e-9));
    }

    [Test]
    public void Thermal_noise_in_1_Hz_with_no_noise_figure_Should_be_minus_173_98_dBm()
    {
        Assert.That(RadioPropagation.ThermalNoiseDbm(1, 0), Is.EqualTo(-173.98).Within(0.01));
    }

    [Test]
    public void Thermal_noise_Should_grow_with_bandwidth_and_add_the_noise_figure()
    {
        Assert.That(RadioPropagation.ThermalNoiseDbm(2_400_000, 6), Is.EqualTo(-173.98 + 63.80 + 6).Within(0.01));
    }

    [Test]
    public void When_arguments_are_not_positive_Should_throw()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => RadioPropagation.FreeSpacePathLossDb(0, 145e6), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => RadioPropagation.FreeSpacePathLossDb(1, -1), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => RadioPropagation.ThermalNoiseDbm(0, 6), Throws.InstanceOf<ArgumentOutOfRangeException>());
        });
    }
}
