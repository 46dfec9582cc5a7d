import { Rng } from "../model/rng"
import { PinDriver, PulseTrain, Stimulus, ToggleList } from "../model/stimulus"
import { StimulusSpec } from "./scenario"

/** The scenario's stimulus as generators driving `bank` (the board's GPIO bank, or any PinDriver); each random one gets its own stream of the seed. */
export function buildStimulus(specs: StimulusSpec[], seed: number, bank: PinDriver): Stimulus[] {
    return specs.map((s, i): Stimulus => {
        switch (s.kind) {
            case "poisson":
                return PulseTrain.poisson(s.gpio, bank, s.startNs, s.rateHz, s.widthNs, s.count, new Rng(seed, i))
            case "periodic":
                return PulseTrain.periodic(s.gpio, bank, s.startNs, s.periodNs, s.widthNs, s.count)
            case "burst":
                return PulseTrain.burst(s.gpio, bank, s.atNs, s.count, s.spacingNs, s.widthNs)
            case "bounce":
                return ToggleList.bounce(s.gpio, bank, s.atNs, s.edges, s.spacingNs)
            case "edges":
                return new ToggleList(s.gpio, bank, s.atNs)
        }
    })
}
