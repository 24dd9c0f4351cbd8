// Merged into @jupyterlab/builder's webpack config (package.json jupyterlab.webpackConfig).
// plotly.js-dist-min ships minified: put it in its own chunk and keep Terser off it, which cuts the
// production build from ~150 s to a few seconds.
const TerserPlugin = require("terser-webpack-plugin");

module.exports = {
  optimization: {
    splitChunks: {
      cacheGroups: {
        plotly: { test: /[\\/]plotly\.js-dist-min[\\/]/, name: "plotly", chunks: "all", enforce: true },
      },
    },
    minimizer: [new TerserPlugin({ exclude: /plotly/ })],
  },
};
