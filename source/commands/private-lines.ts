/**
 * The words of `/msg`, `/query` and `/topic` that are more than a call:
 * reading `/msg`'s two arguments, and what `/topic` alone says.
 */
import type {TopicView} from '../service/types.js';
import {formatClock} from '../view/format.js';

/**
 * `/msg NICK TEXT`: the first word is the peer (nicks have no spaces; a
 * label `nick·fingerprint` is one word), the rest the text, as typed.
 */
export function messageArguments(
	argument: string,
): {to: string; text: string} | undefined {
	const match = /^(\S+)\s+(\S[\s\S]*)$/v.exec(argument);
	return match ? {to: match[1]!, text: match[2]!} : undefined;
}

/** What `/topic` alone says: the topic, who set it and when. */
export function topicLine(topic: TopicView | undefined): string {
	if (topic === undefined) return 'No topic is set (/topic TEXT sets one).';
	const by = `${topic.by.nick}·${topic.by.fingerprint}`;
	const when = formatClock(topic.time);
	return topic.text === ''
		? `No topic is set (${by} cleared it at ${when}).`
		: `Topic: ${topic.text} (set by ${by} at ${when})`;
}
