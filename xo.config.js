/** @type {import('xo').FlatXoConfig} */
const xoConfig = [
	{
		react: true,
		prettier: true,
	},
	{
		ignores: ['dist/**'],
	},
];

export default xoConfig;
