"use strict";
module.exports = validate20;
module.exports.default = validate20;
const schema31 = {"$schema":"https://json-schema.org/draft/2020-12/schema","title":"deal.rotten_time_breached 1-0-0","description":"A deal's rotten timer expired before it converted.","x-cebe-module":"deals","x-cebe-version":"1-0-0","type":"object","properties":{"event_id":{"type":"string","pattern":"^[A-Za-z0-9._:-]{1,128}$","description":"Idempotency key, 1–128 of [A-Za-z0-9._:-]; the SDK sets a UUIDv7"},"event_name":{"type":"string","const":"deal.rotten_time_breached","description":"Event name"},"schema_version":{"description":"SchemaVer of this schema","type":"string","const":"1-0-0"},"company_id":{"type":"string","minLength":1,"maxLength":64,"description":"Tenant id; must match the write key"},"company_sso_id":{"type":"string","minLength":1,"maxLength":64,"description":"Tenant SSO id"},"qontak_customer_id":{"type":"string","minLength":1,"maxLength":64,"description":"The customer the event is about (authoritative identity)"},"actor":{"type":"object","properties":{"type":{"type":"string","enum":["customer","agent","bot","system","integration"],"description":"Who did it"},"id":{"description":"The actor's id in its own module","type":"string","minLength":1,"maxLength":128},"name":{"type":"string","minLength":1,"maxLength":256,"description":"The actor's display name","x-pii":"name"}},"required":["type"],"additionalProperties":false,"description":"Who caused the event"},"event_timestamp":{"type":"string","format":"date-time","pattern":"^(?:(?:\\d\\d[2468][048]|\\d\\d[13579][26]|\\d\\d0[48]|[02468][048]00|[13579][26]00)-02-29|\\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|(?:02)-(?:0[1-9]|1\\d|2[0-8])))T(?:(?:[01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(?:\\.\\d+)?(?:Z|([+-](?:[01]\\d|2[0-3]):[0-5]\\d)))$","description":"When it happened at the source (RFC 3339 with offset); at most 1 h in the future"},"source_module":{"type":"string","const":"deals","description":"The event's own module"},"trigger_from":{"type":"string","minLength":1,"maxLength":64,"description":"What caused it: user, agent, automation, api, import, system, …"},"event_description":{"type":"string","maxLength":1024,"description":"Free description; defaults to the catalog description","x-pii":"free_text"},"sent_at":{"type":"string","format":"date-time","pattern":"^(?:(?:\\d\\d[2468][048]|\\d\\d[13579][26]|\\d\\d0[48]|[02468][048]00|[13579][26]00)-02-29|\\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|(?:02)-(?:0[1-9]|1\\d|2[0-8])))T(?:(?:[01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(?:\\.\\d+)?(?:Z|([+-](?:[01]\\d|2[0-3]):[0-5]\\d)))$","description":"Set by the SDK at send time; lets the server see clock skew"},"event_attributes":{"type":"object","properties":{"deal_id":{"type":"string","minLength":1,"maxLength":128,"description":"Deal id; links every event of one deal"},"deal_size":{"type":"number","minimum":0,"description":"Deal value at the time of the breach, in the company currency"},"breach_duration_seconds":{"type":"number","minimum":0,"description":"How far past the rotten-time limit the deal was when the event fired"}},"required":["deal_id","deal_size","breach_duration_seconds"],"additionalProperties":false}},"required":["event_id","event_name","company_id","company_sso_id","qontak_customer_id","actor","event_timestamp","source_module","trigger_from","event_attributes"],"additionalProperties":false};
const func1 = Object.prototype.hasOwnProperty;
const func2 = require("ajv/dist/runtime/ucs2length").default;
const pattern4 = new RegExp("^[A-Za-z0-9._:-]{1,128}$", "u");
const pattern5 = new RegExp("^(?:(?:\\d\\d[2468][048]|\\d\\d[13579][26]|\\d\\d0[48]|[02468][048]00|[13579][26]00)-02-29|\\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|(?:02)-(?:0[1-9]|1\\d|2[0-8])))T(?:(?:[01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(?:\\.\\d+)?(?:Z|([+-](?:[01]\\d|2[0-3]):[0-5]\\d)))$", "u");

function validate20(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
let vErrors = null;
let errors = 0;
const evaluated0 = validate20.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.event_id === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "event_id"},message:"must have required property '"+"event_id"+"'",schema:schema31.required,parentSchema:schema31,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.event_name === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "event_name"},message:"must have required property '"+"event_name"+"'",schema:schema31.required,parentSchema:schema31,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(data.company_id === undefined){
const err2 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "company_id"},message:"must have required property '"+"company_id"+"'",schema:schema31.required,parentSchema:schema31,data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
if(data.company_sso_id === undefined){
const err3 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "company_sso_id"},message:"must have required property '"+"company_sso_id"+"'",schema:schema31.required,parentSchema:schema31,data};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
if(data.qontak_customer_id === undefined){
const err4 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "qontak_customer_id"},message:"must have required property '"+"qontak_customer_id"+"'",schema:schema31.required,parentSchema:schema31,data};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
if(data.actor === undefined){
const err5 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "actor"},message:"must have required property '"+"actor"+"'",schema:schema31.required,parentSchema:schema31,data};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
if(data.event_timestamp === undefined){
const err6 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "event_timestamp"},message:"must have required property '"+"event_timestamp"+"'",schema:schema31.required,parentSchema:schema31,data};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
if(data.source_module === undefined){
const err7 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "source_module"},message:"must have required property '"+"source_module"+"'",schema:schema31.required,parentSchema:schema31,data};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
if(data.trigger_from === undefined){
const err8 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "trigger_from"},message:"must have required property '"+"trigger_from"+"'",schema:schema31.required,parentSchema:schema31,data};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
if(data.event_attributes === undefined){
const err9 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "event_attributes"},message:"must have required property '"+"event_attributes"+"'",schema:schema31.required,parentSchema:schema31,data};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
for(const key0 in data){
if(!(func1.call(schema31.properties, key0))){
const err10 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema31,data};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
if(data.event_id !== undefined){
let data0 = data.event_id;
if(typeof data0 === "string"){
if(!pattern4.test(data0)){
const err11 = {instancePath:instancePath+"/event_id",schemaPath:"#/properties/event_id/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9._:-]{1,128}$"},message:"must match pattern \""+"^[A-Za-z0-9._:-]{1,128}$"+"\"",schema:"^[A-Za-z0-9._:-]{1,128}$",parentSchema:schema31.properties.event_id,data:data0};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
else {
const err12 = {instancePath:instancePath+"/event_id",schemaPath:"#/properties/event_id/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.event_id.type,parentSchema:schema31.properties.event_id,data:data0};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
if(data.event_name !== undefined){
let data1 = data.event_name;
if(typeof data1 !== "string"){
const err13 = {instancePath:instancePath+"/event_name",schemaPath:"#/properties/event_name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.event_name.type,parentSchema:schema31.properties.event_name,data:data1};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
if("deal.rotten_time_breached" !== data1){
const err14 = {instancePath:instancePath+"/event_name",schemaPath:"#/properties/event_name/const",keyword:"const",params:{allowedValue: "deal.rotten_time_breached"},message:"must be equal to constant",schema:"deal.rotten_time_breached",parentSchema:schema31.properties.event_name,data:data1};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
if(data.schema_version !== undefined){
let data2 = data.schema_version;
if(typeof data2 !== "string"){
const err15 = {instancePath:instancePath+"/schema_version",schemaPath:"#/properties/schema_version/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.schema_version.type,parentSchema:schema31.properties.schema_version,data:data2};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
if("1-0-0" !== data2){
const err16 = {instancePath:instancePath+"/schema_version",schemaPath:"#/properties/schema_version/const",keyword:"const",params:{allowedValue: "1-0-0"},message:"must be equal to constant",schema:"1-0-0",parentSchema:schema31.properties.schema_version,data:data2};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
if(data.company_id !== undefined){
let data3 = data.company_id;
if(typeof data3 === "string"){
if(func2(data3) > 64){
const err17 = {instancePath:instancePath+"/company_id",schemaPath:"#/properties/company_id/maxLength",keyword:"maxLength",params:{limit: 64},message:"must NOT have more than 64 characters",schema:64,parentSchema:schema31.properties.company_id,data:data3};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
if(func2(data3) < 1){
const err18 = {instancePath:instancePath+"/company_id",schemaPath:"#/properties/company_id/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema31.properties.company_id,data:data3};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
}
else {
const err19 = {instancePath:instancePath+"/company_id",schemaPath:"#/properties/company_id/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.company_id.type,parentSchema:schema31.properties.company_id,data:data3};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
if(data.company_sso_id !== undefined){
let data4 = data.company_sso_id;
if(typeof data4 === "string"){
if(func2(data4) > 64){
const err20 = {instancePath:instancePath+"/company_sso_id",schemaPath:"#/properties/company_sso_id/maxLength",keyword:"maxLength",params:{limit: 64},message:"must NOT have more than 64 characters",schema:64,parentSchema:schema31.properties.company_sso_id,data:data4};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
if(func2(data4) < 1){
const err21 = {instancePath:instancePath+"/company_sso_id",schemaPath:"#/properties/company_sso_id/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema31.properties.company_sso_id,data:data4};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
}
else {
const err22 = {instancePath:instancePath+"/company_sso_id",schemaPath:"#/properties/company_sso_id/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.company_sso_id.type,parentSchema:schema31.properties.company_sso_id,data:data4};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
}
if(data.qontak_customer_id !== undefined){
let data5 = data.qontak_customer_id;
if(typeof data5 === "string"){
if(func2(data5) > 64){
const err23 = {instancePath:instancePath+"/qontak_customer_id",schemaPath:"#/properties/qontak_customer_id/maxLength",keyword:"maxLength",params:{limit: 64},message:"must NOT have more than 64 characters",schema:64,parentSchema:schema31.properties.qontak_customer_id,data:data5};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
if(func2(data5) < 1){
const err24 = {instancePath:instancePath+"/qontak_customer_id",schemaPath:"#/properties/qontak_customer_id/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema31.properties.qontak_customer_id,data:data5};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
}
else {
const err25 = {instancePath:instancePath+"/qontak_customer_id",schemaPath:"#/properties/qontak_customer_id/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.qontak_customer_id.type,parentSchema:schema31.properties.qontak_customer_id,data:data5};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
}
if(data.actor !== undefined){
let data6 = data.actor;
if(data6 && typeof data6 == "object" && !Array.isArray(data6)){
if(data6.type === undefined){
const err26 = {instancePath:instancePath+"/actor",schemaPath:"#/properties/actor/required",keyword:"required",params:{missingProperty: "type"},message:"must have required property '"+"type"+"'",schema:schema31.properties.actor.required,parentSchema:schema31.properties.actor,data:data6};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
for(const key1 in data6){
if(!(((key1 === "type") || (key1 === "id")) || (key1 === "name"))){
const err27 = {instancePath:instancePath+"/actor",schemaPath:"#/properties/actor/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties",schema:false,parentSchema:schema31.properties.actor,data:data6};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
}
if(data6.type !== undefined){
let data7 = data6.type;
if(typeof data7 !== "string"){
const err28 = {instancePath:instancePath+"/actor/type",schemaPath:"#/properties/actor/properties/type/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.actor.properties.type.type,parentSchema:schema31.properties.actor.properties.type,data:data7};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
if(!(((((data7 === "customer") || (data7 === "agent")) || (data7 === "bot")) || (data7 === "system")) || (data7 === "integration"))){
const err29 = {instancePath:instancePath+"/actor/type",schemaPath:"#/properties/actor/properties/type/enum",keyword:"enum",params:{allowedValues: schema31.properties.actor.properties.type.enum},message:"must be equal to one of the allowed values",schema:schema31.properties.actor.properties.type.enum,parentSchema:schema31.properties.actor.properties.type,data:data7};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
}
if(data6.id !== undefined){
let data8 = data6.id;
if(typeof data8 === "string"){
if(func2(data8) > 128){
const err30 = {instancePath:instancePath+"/actor/id",schemaPath:"#/properties/actor/properties/id/maxLength",keyword:"maxLength",params:{limit: 128},message:"must NOT have more than 128 characters",schema:128,parentSchema:schema31.properties.actor.properties.id,data:data8};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
if(func2(data8) < 1){
const err31 = {instancePath:instancePath+"/actor/id",schemaPath:"#/properties/actor/properties/id/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema31.properties.actor.properties.id,data:data8};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
}
else {
const err32 = {instancePath:instancePath+"/actor/id",schemaPath:"#/properties/actor/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.actor.properties.id.type,parentSchema:schema31.properties.actor.properties.id,data:data8};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
}
if(data6.name !== undefined){
let data9 = data6.name;
if(typeof data9 === "string"){
if(func2(data9) > 256){
const err33 = {instancePath:instancePath+"/actor/name",schemaPath:"#/properties/actor/properties/name/maxLength",keyword:"maxLength",params:{limit: 256},message:"must NOT have more than 256 characters",schema:256,parentSchema:schema31.properties.actor.properties.name,data:data9};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
if(func2(data9) < 1){
const err34 = {instancePath:instancePath+"/actor/name",schemaPath:"#/properties/actor/properties/name/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema31.properties.actor.properties.name,data:data9};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
}
else {
const err35 = {instancePath:instancePath+"/actor/name",schemaPath:"#/properties/actor/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.actor.properties.name.type,parentSchema:schema31.properties.actor.properties.name,data:data9};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
}
}
else {
const err36 = {instancePath:instancePath+"/actor",schemaPath:"#/properties/actor/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.actor.type,parentSchema:schema31.properties.actor,data:data6};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
}
if(data.event_timestamp !== undefined){
let data10 = data.event_timestamp;
if(typeof data10 === "string"){
if(!pattern5.test(data10)){
const err37 = {instancePath:instancePath+"/event_timestamp",schemaPath:"#/properties/event_timestamp/pattern",keyword:"pattern",params:{pattern: "^(?:(?:\\d\\d[2468][048]|\\d\\d[13579][26]|\\d\\d0[48]|[02468][048]00|[13579][26]00)-02-29|\\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|(?:02)-(?:0[1-9]|1\\d|2[0-8])))T(?:(?:[01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(?:\\.\\d+)?(?:Z|([+-](?:[01]\\d|2[0-3]):[0-5]\\d)))$"},message:"must match pattern \""+"^(?:(?:\\d\\d[2468][048]|\\d\\d[13579][26]|\\d\\d0[48]|[02468][048]00|[13579][26]00)-02-29|\\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|(?:02)-(?:0[1-9]|1\\d|2[0-8])))T(?:(?:[01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(?:\\.\\d+)?(?:Z|([+-](?:[01]\\d|2[0-3]):[0-5]\\d)))$"+"\"",schema:"^(?:(?:\\d\\d[2468][048]|\\d\\d[13579][26]|\\d\\d0[48]|[02468][048]00|[13579][26]00)-02-29|\\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|(?:02)-(?:0[1-9]|1\\d|2[0-8])))T(?:(?:[01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(?:\\.\\d+)?(?:Z|([+-](?:[01]\\d|2[0-3]):[0-5]\\d)))$",parentSchema:schema31.properties.event_timestamp,data:data10};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
}
else {
const err38 = {instancePath:instancePath+"/event_timestamp",schemaPath:"#/properties/event_timestamp/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.event_timestamp.type,parentSchema:schema31.properties.event_timestamp,data:data10};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
}
if(data.source_module !== undefined){
let data11 = data.source_module;
if(typeof data11 !== "string"){
const err39 = {instancePath:instancePath+"/source_module",schemaPath:"#/properties/source_module/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.source_module.type,parentSchema:schema31.properties.source_module,data:data11};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
if("deals" !== data11){
const err40 = {instancePath:instancePath+"/source_module",schemaPath:"#/properties/source_module/const",keyword:"const",params:{allowedValue: "deals"},message:"must be equal to constant",schema:"deals",parentSchema:schema31.properties.source_module,data:data11};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
}
if(data.trigger_from !== undefined){
let data12 = data.trigger_from;
if(typeof data12 === "string"){
if(func2(data12) > 64){
const err41 = {instancePath:instancePath+"/trigger_from",schemaPath:"#/properties/trigger_from/maxLength",keyword:"maxLength",params:{limit: 64},message:"must NOT have more than 64 characters",schema:64,parentSchema:schema31.properties.trigger_from,data:data12};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
if(func2(data12) < 1){
const err42 = {instancePath:instancePath+"/trigger_from",schemaPath:"#/properties/trigger_from/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema31.properties.trigger_from,data:data12};
if(vErrors === null){
vErrors = [err42];
}
else {
vErrors.push(err42);
}
errors++;
}
}
else {
const err43 = {instancePath:instancePath+"/trigger_from",schemaPath:"#/properties/trigger_from/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.trigger_from.type,parentSchema:schema31.properties.trigger_from,data:data12};
if(vErrors === null){
vErrors = [err43];
}
else {
vErrors.push(err43);
}
errors++;
}
}
if(data.event_description !== undefined){
let data13 = data.event_description;
if(typeof data13 === "string"){
if(func2(data13) > 1024){
const err44 = {instancePath:instancePath+"/event_description",schemaPath:"#/properties/event_description/maxLength",keyword:"maxLength",params:{limit: 1024},message:"must NOT have more than 1024 characters",schema:1024,parentSchema:schema31.properties.event_description,data:data13};
if(vErrors === null){
vErrors = [err44];
}
else {
vErrors.push(err44);
}
errors++;
}
}
else {
const err45 = {instancePath:instancePath+"/event_description",schemaPath:"#/properties/event_description/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.event_description.type,parentSchema:schema31.properties.event_description,data:data13};
if(vErrors === null){
vErrors = [err45];
}
else {
vErrors.push(err45);
}
errors++;
}
}
if(data.sent_at !== undefined){
let data14 = data.sent_at;
if(typeof data14 === "string"){
if(!pattern5.test(data14)){
const err46 = {instancePath:instancePath+"/sent_at",schemaPath:"#/properties/sent_at/pattern",keyword:"pattern",params:{pattern: "^(?:(?:\\d\\d[2468][048]|\\d\\d[13579][26]|\\d\\d0[48]|[02468][048]00|[13579][26]00)-02-29|\\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|(?:02)-(?:0[1-9]|1\\d|2[0-8])))T(?:(?:[01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(?:\\.\\d+)?(?:Z|([+-](?:[01]\\d|2[0-3]):[0-5]\\d)))$"},message:"must match pattern \""+"^(?:(?:\\d\\d[2468][048]|\\d\\d[13579][26]|\\d\\d0[48]|[02468][048]00|[13579][26]00)-02-29|\\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|(?:02)-(?:0[1-9]|1\\d|2[0-8])))T(?:(?:[01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(?:\\.\\d+)?(?:Z|([+-](?:[01]\\d|2[0-3]):[0-5]\\d)))$"+"\"",schema:"^(?:(?:\\d\\d[2468][048]|\\d\\d[13579][26]|\\d\\d0[48]|[02468][048]00|[13579][26]00)-02-29|\\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|(?:02)-(?:0[1-9]|1\\d|2[0-8])))T(?:(?:[01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(?:\\.\\d+)?(?:Z|([+-](?:[01]\\d|2[0-3]):[0-5]\\d)))$",parentSchema:schema31.properties.sent_at,data:data14};
if(vErrors === null){
vErrors = [err46];
}
else {
vErrors.push(err46);
}
errors++;
}
}
else {
const err47 = {instancePath:instancePath+"/sent_at",schemaPath:"#/properties/sent_at/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.sent_at.type,parentSchema:schema31.properties.sent_at,data:data14};
if(vErrors === null){
vErrors = [err47];
}
else {
vErrors.push(err47);
}
errors++;
}
}
if(data.event_attributes !== undefined){
let data15 = data.event_attributes;
if(data15 && typeof data15 == "object" && !Array.isArray(data15)){
if(data15.deal_id === undefined){
const err48 = {instancePath:instancePath+"/event_attributes",schemaPath:"#/properties/event_attributes/required",keyword:"required",params:{missingProperty: "deal_id"},message:"must have required property '"+"deal_id"+"'",schema:schema31.properties.event_attributes.required,parentSchema:schema31.properties.event_attributes,data:data15};
if(vErrors === null){
vErrors = [err48];
}
else {
vErrors.push(err48);
}
errors++;
}
if(data15.deal_size === undefined){
const err49 = {instancePath:instancePath+"/event_attributes",schemaPath:"#/properties/event_attributes/required",keyword:"required",params:{missingProperty: "deal_size"},message:"must have required property '"+"deal_size"+"'",schema:schema31.properties.event_attributes.required,parentSchema:schema31.properties.event_attributes,data:data15};
if(vErrors === null){
vErrors = [err49];
}
else {
vErrors.push(err49);
}
errors++;
}
if(data15.breach_duration_seconds === undefined){
const err50 = {instancePath:instancePath+"/event_attributes",schemaPath:"#/properties/event_attributes/required",keyword:"required",params:{missingProperty: "breach_duration_seconds"},message:"must have required property '"+"breach_duration_seconds"+"'",schema:schema31.properties.event_attributes.required,parentSchema:schema31.properties.event_attributes,data:data15};
if(vErrors === null){
vErrors = [err50];
}
else {
vErrors.push(err50);
}
errors++;
}
for(const key2 in data15){
if(!(((key2 === "deal_id") || (key2 === "deal_size")) || (key2 === "breach_duration_seconds"))){
const err51 = {instancePath:instancePath+"/event_attributes",schemaPath:"#/properties/event_attributes/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key2},message:"must NOT have additional properties",schema:false,parentSchema:schema31.properties.event_attributes,data:data15};
if(vErrors === null){
vErrors = [err51];
}
else {
vErrors.push(err51);
}
errors++;
}
}
if(data15.deal_id !== undefined){
let data16 = data15.deal_id;
if(typeof data16 === "string"){
if(func2(data16) > 128){
const err52 = {instancePath:instancePath+"/event_attributes/deal_id",schemaPath:"#/properties/event_attributes/properties/deal_id/maxLength",keyword:"maxLength",params:{limit: 128},message:"must NOT have more than 128 characters",schema:128,parentSchema:schema31.properties.event_attributes.properties.deal_id,data:data16};
if(vErrors === null){
vErrors = [err52];
}
else {
vErrors.push(err52);
}
errors++;
}
if(func2(data16) < 1){
const err53 = {instancePath:instancePath+"/event_attributes/deal_id",schemaPath:"#/properties/event_attributes/properties/deal_id/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema31.properties.event_attributes.properties.deal_id,data:data16};
if(vErrors === null){
vErrors = [err53];
}
else {
vErrors.push(err53);
}
errors++;
}
}
else {
const err54 = {instancePath:instancePath+"/event_attributes/deal_id",schemaPath:"#/properties/event_attributes/properties/deal_id/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.event_attributes.properties.deal_id.type,parentSchema:schema31.properties.event_attributes.properties.deal_id,data:data16};
if(vErrors === null){
vErrors = [err54];
}
else {
vErrors.push(err54);
}
errors++;
}
}
if(data15.deal_size !== undefined){
let data17 = data15.deal_size;
if((typeof data17 == "number") && (isFinite(data17))){
if(data17 < 0 || isNaN(data17)){
const err55 = {instancePath:instancePath+"/event_attributes/deal_size",schemaPath:"#/properties/event_attributes/properties/deal_size/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema31.properties.event_attributes.properties.deal_size,data:data17};
if(vErrors === null){
vErrors = [err55];
}
else {
vErrors.push(err55);
}
errors++;
}
}
else {
const err56 = {instancePath:instancePath+"/event_attributes/deal_size",schemaPath:"#/properties/event_attributes/properties/deal_size/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema31.properties.event_attributes.properties.deal_size.type,parentSchema:schema31.properties.event_attributes.properties.deal_size,data:data17};
if(vErrors === null){
vErrors = [err56];
}
else {
vErrors.push(err56);
}
errors++;
}
}
if(data15.breach_duration_seconds !== undefined){
let data18 = data15.breach_duration_seconds;
if((typeof data18 == "number") && (isFinite(data18))){
if(data18 < 0 || isNaN(data18)){
const err57 = {instancePath:instancePath+"/event_attributes/breach_duration_seconds",schemaPath:"#/properties/event_attributes/properties/breach_duration_seconds/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema31.properties.event_attributes.properties.breach_duration_seconds,data:data18};
if(vErrors === null){
vErrors = [err57];
}
else {
vErrors.push(err57);
}
errors++;
}
}
else {
const err58 = {instancePath:instancePath+"/event_attributes/breach_duration_seconds",schemaPath:"#/properties/event_attributes/properties/breach_duration_seconds/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema31.properties.event_attributes.properties.breach_duration_seconds.type,parentSchema:schema31.properties.event_attributes.properties.breach_duration_seconds,data:data18};
if(vErrors === null){
vErrors = [err58];
}
else {
vErrors.push(err58);
}
errors++;
}
}
}
else {
const err59 = {instancePath:instancePath+"/event_attributes",schemaPath:"#/properties/event_attributes/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.event_attributes.type,parentSchema:schema31.properties.event_attributes,data:data15};
if(vErrors === null){
vErrors = [err59];
}
else {
vErrors.push(err59);
}
errors++;
}
}
}
else {
const err60 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.type,parentSchema:schema31,data};
if(vErrors === null){
vErrors = [err60];
}
else {
vErrors.push(err60);
}
errors++;
}
validate20.errors = vErrors;
return errors === 0;
}
validate20.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};

