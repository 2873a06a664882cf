/** Shared vocabulary of the generation example: what prompts are about. */
export const ANIMALS = ['fox', 'wolf', 'bear', 'eagle', 'whale', 'horse', 'rabbit', 'tiger', 'shark', 'lion', 'sheep', 'mouse'];
export const COLORS = ['red', 'gray', 'brown', 'white', 'black', 'golden', 'silver', 'orange'];
export const PLACES = ['forest', 'river', 'mountain', 'island', 'garden', 'village', 'ocean', 'desert', 'valley', 'city'];
export const SEASONS = ['winter', 'summer', 'spring', 'autumn'];
export const ACTIVITIES = ['hunt', 'sleep', 'swim', 'sing', 'run', 'play', 'build', 'travel'];

export interface Facts {
  animal: string;
  color: string;
  place: string;
  season: string;
  activity: string;
}
