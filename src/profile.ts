/** Run profiles: `paper` (the paper's parameters, default), `quick` (minutes), `smoke` (seconds, for tests). */
import { checkOneOf } from "./validate";

export type Profile = "paper" | "quick" | "smoke";
export const PROFILES: readonly Profile[] = ["paper", "quick", "smoke"];

/** The profile chosen by the environment variable HINGE_PROFILE (default "paper"). */
export function currentProfile(env: Record<string, string | undefined> = process.env): Profile {
  return checkOneOf("HINGE_PROFILE", env.HINGE_PROFILE || "paper", PROFILES);
}

/** Picks the value for the current profile. */
export function byProfile<T>(values: Record<Profile, T>, profile: Profile = currentProfile()): T {
  return values[checkOneOf("profile", profile, PROFILES)];
}
